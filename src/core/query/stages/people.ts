import { findPeople, type PeopleIndex } from '../people.ts';
import { blank, union, type ParseState } from './state.ts';

/** Words after which a name is expected ("with Tom Hanks", "directed by Nolan"). */
const CUE = /^(?:with|starring|featuring|by|director|directed|actor|actress|star|stars)$/;

/**
 * People, validated against the dataset's credits: constraints in a request, hints in a post.
 * The name and its cue word are blanked.
 */
export function extractPeople(s: ParseState, people: PeopleIndex | undefined): void {
  if (!people) return;
  const toks: { w: string; start: number; end: number }[] = [];
  for (const m of s.t.matchAll(/[a-z0-9']+/g))
    toks.push({ w: m[0].replace(/'/g, ''), start: m.index, end: m.index + m[0].length });
  const cueEnds = new Set<number>();
  toks.forEach((tk, i) => {
    if (CUE.test(tk.w)) cueEnds.add(i + 1);
  });
  const found = findPeople(
    toks.map((x) => x.w),
    people,
    { minCredits: s.long ? 3 : 4, cueEnds },
  );
  const c = s.out.constraints;
  for (const p of found) {
    if (s.long) s.out.boostPeople.push(p.name);
    else c.people = union(c.people, [p.name]);
    let start = p.start;
    if (start > 0 && cueEnds.has(start)) start--;
    if (start > 0 && toks[start].w === 'by' && toks[start - 1].w === 'directed') start--;
    blank(s, toks[start].start, toks[p.end - 1].end);
  }
}
