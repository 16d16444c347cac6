import { consume, type ParseState } from './state.ts';

const ORD: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, last: -1 };

/** References to the previous result list: "#2", "number 3", "like the second one" (-1 = the last). */
export function extractRefs(s: ParseState): void {
  const { refs } = s.out;
  consume(s, /(?:more |something |anything )?(?:like |similar to )?(?:#|number |no\. ?)(\d{1,2})\b/g, (m) => {
    refs.push(Number(m[1]));
  });
  consume(
    s,
    /(?:more |something |anything )?(?:like |similar to )the (first|second|third|fourth|fifth|last) one\b/g,
    (m) => {
      refs.push(ORD[m[1]]);
    },
  );
}
