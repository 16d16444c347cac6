import fs from 'node:fs';
import { createNodeEmbedder } from '../src/embed/node.ts';
import { createIntentRouter } from '../src/core/intent/index.ts';
const r = await createIntentRouter(await createNodeEmbedder());
const lines = [...fs.readFileSync('/work/shared/eval/dev-mixed.jsonl','utf8').split('\n').filter(Boolean).map(l=>JSON.parse(l)).filter(l=>l.kind!=='intent'),
 ...fs.readFileSync('/work/shared/eval/dev-redial.jsonl','utf8').split('\n').filter(Boolean).slice(0,200).map(l=>JSON.parse(l)),
 ...fs.readFileSync('/work/shared/eval/dev-tomt.jsonl','utf8').split('\n').filter(Boolean).slice(0,200).map(l=>JSON.parse(l))];
for (const l of lines) { const d = await r.route(l.query); if (d.label!=='movies') console.log(d.intent, d.scores.recommend.toFixed(2), d.scores[d.intent].toFixed(2), JSON.stringify(l.query.slice(0,150))); }
