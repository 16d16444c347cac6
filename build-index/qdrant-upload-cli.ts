/** `npm run qdrant-upload -- --qdrant-url URL ...` (see build-index/qdrant-upload.ts). */
import { runQdrantUpload } from './qdrant-upload.ts';

process.exitCode = await runQdrantUpload(process.argv.slice(2));
