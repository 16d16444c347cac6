/**
 * Build step: item-to-item co-likes from the dataset's ratings → `colikes.<hash>.json`
 * (format: src/core/rank/co-likes.ts). One call from build.ts: buildCoLikesAsset().
 *
 * Input: `ratings.csv` (Kaggle's full 26 M rows, when a user drops it in) or `ratings_small.csv` (shipped),
 * plain or .gz, columns userId,movieId,rating,timestamp; MovieLens movieIds map to TMDB ids through
 * `links.csv` (full) or `links_small.csv` (small; links.csv when absent). The file is streamed line by line and
 * only the current person's ratings are held (the files are grouped by userId); co-like pairs live in one
 * fixed-size open-addressing table that drops its rarest pairs when full (lossy counting), so memory stays
 * bounded whatever the file size.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import cliProgress from 'cli-progress';
import {
  CO_LIKES_FORMAT,
  CO_LIKES_VERSION,
  type CoLikeParams,
  type EncodedCoLikes,
} from '../src/core/rank/co-likes.ts';

export const MOVIELENS_LICENSE =
  'Derived from MovieLens ratings (GroupLens, via Kaggle "The Movies Dataset"): research and non-commercial ' +
  'use only; redistribute transformations under the same terms; cite F. Maxwell Harper and Joseph A. ' +
  'Konstan. 2015. The MovieLens Datasets: History and Context. ACM TiiS 5(4):19.';

/** Chosen on the held-out-users protocol (npm run eval:co-likes -- --sweep --params alpha=A --try WEIGHTS). */
export const DEFAULT_CO_LIKE_PARAMS: CoLikeParams = {
  like: 'threshold',
  minRating: 4,
  measure: 'cosine-alpha',
  // α 0 (P(Y | X): what most people who liked X also liked) leads the held-out-users protocol alone (recall@10
  // 0.355; α 0.1: 0.341, 0.3: 0.323, cosine 0.291) and in the blend (α 0: 0.336, 0.1: 0.328, 0.3: 0.307 at
  // the 'similar' weights), though 74 % of its top 10 are among the 50 most liked (α 0.3: 58 %). Popularity
  // alone scores 0.371 there: the protocol rewards what many people like.
  alpha: 0,
  shrink: 50,
  minSupport: 3,
  minCo: 2,
  k: 40,
  maxLikesPerUser: 200,
};

export interface RatingRow {
  user: number;
  /** TMDB id. */
  movie: number;
  rating: number;
}

export type CoLikeReport = {
  ratingsFile: string;
  linksFile: string;
  rows: number;
  /** Rows that are not userId,movieId,rating numbers. */
  badRows: number;
  /** Ratings whose MovieLens id has no TMDB id in the links file, and how many distinct ids. */
  unmappedRatings: number;
  unmappedMovieIds: number;
  /** Ratings of TMDB ids the index does not hold, and how many distinct ids. */
  notInIndexRatings: number;
  notInIndexMovies: number;
  users: number;
  likes: number;
  /** Likes skipped because a person had more than maxLikesPerUser. */
  cappedLikes: number;
  /** People whose ratings were not contiguous in the file (counted as separate people). */
  splitUsers: number;
  moviesLiked: number;
  /** Liked movies below the support threshold (no neighbours, no one's neighbour). */
  belowSupport: number;
  moviesWithNeighbours: number;
  neighbours: number;
  pairs: number;
  /** Times the pair table was full and dropped its rarest pairs (0: exact counts). */
  prunes: number;
  seconds: number;
};

// ---------------------------------------------------------------------------------------------
// Counting

const KEY_SPAN = 2 ** 21; // movie indices below 2M: key = a * KEY_SPAN + b, exact in a float64

/** Open-addressing (linear probing) pair → count table with a fixed slot budget. */
class PairTable {
  keys: Float64Array;
  counts: Uint32Array;
  size = 0;
  prunes = 0;
  private floor = 0;
  constructor(
    private readonly maxSlots: number,
    slots = 1 << 16,
  ) {
    this.keys = new Float64Array(Math.min(slots, maxSlots)).fill(-1);
    this.counts = new Uint32Array(this.keys.length);
  }
  private slot(key: number, keys: Float64Array): number {
    const a = Math.floor(key / KEY_SPAN);
    const b = key - a * KEY_SPAN;
    const mask = keys.length - 1;
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca77)) >>> 0;
    h = (h ^ (h >>> 15)) & mask;
    while (keys[h] !== -1 && keys[h] !== key) h = (h + 1) & mask;
    return h;
  }
  add(a: number, b: number): void {
    const key = a < b ? a * KEY_SPAN + b : b * KEY_SPAN + a;
    const h = this.slot(key, this.keys);
    if (this.keys[h] === -1) {
      this.keys[h] = key;
      this.counts[h] = 1;
      if (++this.size > this.keys.length * 0.7) this.makeRoom();
    } else this.counts[h]++;
  }
  /** Grow, or at the slot budget drop the pairs at the lowest counts until at most half full. */
  private makeRoom(): void {
    if (this.keys.length < this.maxSlots) return this.rehash(this.keys.length * 2, 0);
    this.prunes++;
    do this.rehash(this.keys.length, ++this.floor);
    while (this.size > this.keys.length * 0.5);
  }
  private rehash(slots: number, dropAtOrBelow: number): void {
    const { keys, counts } = this;
    this.keys = new Float64Array(slots).fill(-1);
    this.counts = new Uint32Array(slots);
    this.size = 0;
    for (let i = 0; i < keys.length; i++)
      if (keys[i] !== -1 && counts[i] > dropAtOrBelow) {
        const h = this.slot(keys[i], this.keys);
        this.keys[h] = keys[i];
        this.counts[h] = counts[i];
        this.size++;
      }
  }
  *entries(): Generator<[number, number, number]> {
    for (let i = 0; i < this.keys.length; i++)
      if (this.keys[i] !== -1) {
        const a = Math.floor(this.keys[i] / KEY_SPAN);
        yield [a, this.keys[i] - a * KEY_SPAN, this.counts[i]];
      }
  }
}

/** A seeded 32-bit hash of two integers (user split, likes cap). */
export function hash2(seed: number, a: number, b = 0): number {
  let h = Math.imul(seed ^ 0x27d4eb2d, 0x165667b1) ^ Math.imul(a, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca77) ^ Math.imul(b, 0xc2b2ae3d);
  h = Math.imul(h ^ (h >>> 13), 0x27d4eb2f);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Association of neighbour b for movie a (co = liked both, na / nb = likes, users = people). */
export function associate(p: CoLikeParams, co: number, na: number, nb: number, users: number): number {
  let s: number;
  if (p.measure === 'cosine-alpha') s = co / (na ** (1 - p.alpha) * nb ** p.alpha);
  else if (p.measure === 'jaccard') s = co / (na + nb - co);
  else if (p.measure === 'conditional') s = co / na;
  else if (p.measure === 'lift') s = (co * users) / (na * nb) / 100;
  else throw new Error(`Unknown co-like measure ${p.measure}`);
  return s * (co / (co + p.shrink));
}

/** Counts likes and co-likes person by person; finish() scores the pairs and keeps each movie's top K. */
export class CoLikeCounter {
  private readonly index = new Map<number, number>();
  private readonly ids: number[] = [];
  private likes = new Uint32Array(1024);
  private readonly pairs: PairTable;
  users = 0;
  likeCount = 0;
  cappedLikes = 0;

  constructor(
    readonly params: CoLikeParams,
    opts: { maxPairSlots?: number } = {},
  ) {
    this.pairs = new PairTable(opts.maxPairSlots ?? 1 << 23);
  }

  private idx(id: number): number {
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.ids.push(id);
      this.index.set(id, i);
      if (i >= this.likes.length) {
        const grown = new Uint32Array(this.likes.length * 2);
        grown.set(this.likes);
        this.likes = grown;
      }
    }
    return i;
  }

  /** The movies (TMDB ids) one person likes, from all their ratings. */
  likedBy(ratings: readonly { movie: number; rating: number }[]): number[] {
    const p = this.params;
    const mean = ratings.reduce((n, r) => n + r.rating, 0) / Math.max(1, ratings.length);
    const liked = ratings.filter(
      (r) => r.rating >= p.minRating && (p.like === 'threshold' || r.rating > mean),
    );
    return [...new Set(liked.map((r) => r.movie))];
  }

  addUser(user: number, ratings: readonly { movie: number; rating: number }[]): void {
    let liked = this.likedBy(ratings);
    if (!liked.length) return;
    const cap = this.params.maxLikesPerUser;
    if (liked.length > cap) {
      this.cappedLikes += liked.length - cap;
      liked = liked
        .map((m) => [m, hash2(7, user, m)] as const)
        .sort((a, b) => a[1] - b[1])
        .slice(0, cap)
        .map(([m]) => m);
    }
    this.users++;
    this.likeCount += liked.length;
    const rows = liked.map((m) => this.idx(m));
    for (const r of rows) this.likes[r]++;
    for (let i = 0; i < rows.length; i++)
      for (let j = i + 1; j < rows.length; j++) this.pairs.add(rows[i], rows[j]);
  }

  finish(source: string): {
    encoded: EncodedCoLikes;
    stats: Pick<
      CoLikeReport,
      'moviesLiked' | 'belowSupport' | 'moviesWithNeighbours' | 'neighbours' | 'pairs' | 'prunes'
    >;
  } {
    const p = this.params;
    const n = this.ids.length;
    const supported = (i: number) => this.likes[i] >= p.minSupport;
    const lists: [number, number, number][][] = Array.from({ length: n }, () => []);
    const push = (a: number, b: number, s: number, co: number) => {
      const l = lists[a];
      l.push([b, s, co]);
      if (l.length > 4 * p.k + 64) {
        l.sort((x, y) => y[1] - x[1]);
        l.length = p.k;
      }
    };
    for (const [a, b, co] of this.pairs.entries()) {
      if (co < p.minCo || !supported(a) || !supported(b)) continue;
      push(a, b, associate(p, co, this.likes[a], this.likes[b], this.users), co);
      push(b, a, associate(p, co, this.likes[b], this.likes[a], this.users), co);
    }
    // Most liked first (ties: TMDB id), so the common neighbours have small indices.
    const order = [...Array(n).keys()]
      .filter((i) => supported(i) && lists[i].length > 0)
      .sort((a, b) => this.likes[b] - this.likes[a] || this.ids[a] - this.ids[b]);
    const newIdx = new Map(order.map((i, k) => [i, k]));
    const enc: EncodedCoLikes = {
      format: CO_LIKES_FORMAT,
      version: CO_LIKES_VERSION,
      source,
      license: MOVIELENS_LICENSE,
      params: p,
      users: this.users,
      ids: order.map((i) => this.ids[i]),
      likes: order.map((i) => this.likes[i]),
      start: [0],
      nbr: [],
      score: [],
      co: [],
    };
    for (const i of order) {
      const top = lists[i]
        .filter(([b]) => newIdx.has(b))
        .sort((x, y) => y[1] - x[1] || this.ids[x[0]] - this.ids[y[0]])
        .slice(0, p.k)
        .map(([b, s, co]) => [newIdx.get(b)!, Math.max(1, Math.round(s * 1000)), co] as const)
        .sort((x, y) => x[0] - y[0]);
      let prev = 0;
      top.forEach(([b, s, co], e) => {
        enc.nbr.push(e === 0 ? b : b - prev);
        enc.score.push(s);
        enc.co.push(co);
        prev = b;
      });
      enc.start.push(enc.nbr.length);
    }
    let liked = 0;
    let below = 0;
    for (let i = 0; i < n; i++) {
      if (this.likes[i] > 0) liked++;
      if (this.likes[i] > 0 && !supported(i)) below++;
    }
    return {
      encoded: enc,
      stats: {
        moviesLiked: liked,
        belowSupport: below,
        moviesWithNeighbours: order.length,
        neighbours: enc.nbr.length,
        pairs: this.pairs.size,
        prunes: this.pairs.prunes,
      },
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the ratings

/** `<name>.csv` when present, else `<name>.csv.gz`, else null. */
function findFile(dir: string, name: string): string | null {
  for (const f of [`${name}.csv`, `${name}.csv.gz`])
    if (fs.existsSync(path.join(dir, f))) return path.join(dir, f);
  return null;
}

/** The ratings file and its links file: the full ratings.csv wins over ratings_small. */
export function findRatings(dataDir: string): { ratings: string; links: string } | null {
  const full = findFile(dataDir, 'ratings');
  const small = findFile(dataDir, 'ratings_small');
  const ratings = full ?? small;
  if (!ratings) return null;
  const links = full
    ? findFile(dataDir, 'links')
    : (findFile(dataDir, 'links_small') ?? findFile(dataDir, 'links'));
  if (!links)
    throw new Error(`${ratings}: no links.csv / links_small.csv next to it to map MovieLens ids to TMDB ids`);
  return { ratings, links };
}

function lines(file: string, onBytes?: (n: number) => void): readline.Interface {
  const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  if (onBytes) raw.on('data', (c) => onBytes(c.length));
  const input = file.endsWith('.gz') ? raw.pipe(zlib.createGunzip()) : raw;
  return readline.createInterface({ input, crlfDelay: Infinity });
}

/** MovieLens movieId → TMDB id. */
export async function readLinks(file: string): Promise<Map<number, number>> {
  const map = new Map<number, number>();
  let header = true;
  for await (const line of lines(file)) {
    if (header) {
      header = false;
      continue;
    }
    const [ml, , tmdb] = line.split(',');
    const t = Number(tmdb);
    if (ml && tmdb && Number.isInteger(t)) map.set(Number(ml), t);
  }
  return map;
}

export interface StreamOptions {
  /** TMDB ids the index holds (others are counted and skipped); absent: all mapped ids. */
  movieIds?: ReadonlySet<number>;
  /** Progress bar on stdout. */
  verbose?: boolean;
}

/**
 * Streams the ratings person by person: onUser(user, ratings) for each contiguous run of one userId, with
 * MovieLens ids mapped to TMDB ids. Returns the reading counts.
 */
export async function streamRatings(
  files: { ratings: string; links: string },
  onUser: (user: number, ratings: RatingRow[]) => void,
  opts: StreamOptions = {},
): Promise<
  Pick<
    CoLikeReport,
    | 'rows'
    | 'badRows'
    | 'unmappedRatings'
    | 'unmappedMovieIds'
    | 'notInIndexRatings'
    | 'notInIndexMovies'
    | 'splitUsers'
  >
> {
  const links = await readLinks(files.links);
  const total = fs.statSync(files.ratings).size;
  const bar = opts.verbose
    ? new cliProgress.SingleBar(
        {
          format: `Co-likes ${path.basename(files.ratings)} {bar} {percentage}% | {rows} ratings | ETA {eta_formatted}`,
          noTTYOutput: !process.stdout.isTTY,
          notTTYSchedule: 15_000,
          fps: 4,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let read = 0;
  bar?.start(total, 0, { rows: 0 });
  const counts = { rows: 0, badRows: 0, unmappedRatings: 0, notInIndexRatings: 0, splitUsers: 0 };
  const unmapped = new Set<number>();
  const notInIndex = new Set<number>();
  const seen = new Set<number>();
  let user = NaN;
  let run: RatingRow[] = [];
  const flush = () => {
    if (run.length) onUser(user, run);
    run = [];
  };
  let header = true;
  for await (const line of lines(files.ratings, (n) => (read += n))) {
    if (header) {
      header = false;
      if (/^\d/.test(line) === false) continue;
    }
    if (!line) continue;
    counts.rows++;
    const [u, ml, r] = line.split(',');
    const uid = Number(u);
    const mid = Number(ml);
    const rating = Number(r);
    if (!u || !ml || !r || !Number.isFinite(uid) || !Number.isFinite(mid) || !Number.isFinite(rating)) {
      counts.badRows++;
      continue;
    }
    if (uid !== user) {
      flush();
      if (seen.has(uid)) counts.splitUsers++;
      seen.add(uid);
      user = uid;
    }
    const tmdb = links.get(mid);
    if (tmdb === undefined) {
      counts.unmappedRatings++;
      unmapped.add(mid);
    } else if (opts.movieIds && !opts.movieIds.has(tmdb)) {
      counts.notInIndexRatings++;
      notInIndex.add(tmdb);
    } else run.push({ user: uid, movie: tmdb, rating });
    if (bar && counts.rows % 100_000 === 0) bar.update(read, { rows: counts.rows });
  }
  flush();
  bar?.update(total, { rows: counts.rows });
  bar?.stop();
  return { ...counts, unmappedMovieIds: unmapped.size, notInIndexMovies: notInIndex.size };
}

/** Every rating row, person by person (the eval's in-memory form; small files only). */
export async function readRatingRows(
  dataDir: string,
  opts: StreamOptions = {},
): Promise<{ users: Map<number, RatingRow[]>; files: { ratings: string; links: string } }> {
  const files = findRatings(dataDir);
  if (!files) throw new Error(`No ratings_small.csv(.gz) or ratings.csv in ${dataDir}`);
  const users = new Map<number, RatingRow[]>();
  await streamRatings(files, (u, rows) => users.set(u, [...(users.get(u) ?? []), ...rows]), opts);
  return { users, files };
}

// ---------------------------------------------------------------------------------------------
// The build step

export interface CoLikesAssetResult {
  /** The file written (content-hashed name), or null when the data folder has no ratings. */
  file: { name: string; hash: string; size: number } | null;
  report: CoLikeReport | null;
}

/** Counts the co-likes of `dataDir`'s ratings over the index's movies and writes `colikes.<hash>.json`. */
export async function buildCoLikesAsset(
  dataDir: string,
  outDir: string,
  movieIds: ReadonlySet<number>,
  opts: { verbose?: boolean; params?: Partial<CoLikeParams>; maxPairSlots?: number } = {},
): Promise<CoLikesAssetResult> {
  const started = performance.now();
  const files = findRatings(dataDir);
  if (!files) return { file: null, report: null };
  const counter = new CoLikeCounter({ ...DEFAULT_CO_LIKE_PARAMS, ...opts.params }, opts);
  const read = await streamRatings(files, (u, rows) => counter.addUser(u, rows), {
    movieIds,
    verbose: opts.verbose,
  });
  const { encoded, stats } = counter.finish(path.basename(files.ratings));
  const data = Buffer.from(JSON.stringify(encoded));
  const hash = crypto.createHash('sha256').update(data).digest('hex');
  const name = `colikes.${hash.slice(0, 16)}.json`;
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, name), data);
  const report: CoLikeReport = {
    ratingsFile: path.basename(files.ratings),
    linksFile: path.basename(files.links),
    ...read,
    users: counter.users,
    likes: counter.likeCount,
    cappedLikes: counter.cappedLikes,
    ...stats,
    seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
  };
  return { file: { name, hash, size: data.byteLength }, report };
}

export function formatCoLikeReport(r: CoLikeReport): string {
  return (
    `Co-likes from ${r.ratingsFile} (${r.linksFile}): ${r.rows} ratings, ${r.users} people, ${r.likes} likes; ` +
    `dropped: ${r.badRows} bad rows, ${r.unmappedRatings} ratings of ${r.unmappedMovieIds} unmapped MovieLens ids, ` +
    `${r.notInIndexRatings} ratings of ${r.notInIndexMovies} movies not in the index, ${r.cappedLikes} likes over the per-person cap; ` +
    `${r.belowSupport} of ${r.moviesLiked} liked movies below the support threshold; ` +
    `${r.moviesWithNeighbours} movies with ${r.neighbours} neighbours (${r.pairs} pairs, ${r.prunes} prunes), ${r.seconds} s`
  );
}
