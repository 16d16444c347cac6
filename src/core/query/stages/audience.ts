import { consume, union, type ParseState } from './state.ts';

/**
 * Audience: "for adults", "grown-up movies", "adult animation" rule out family films ("for kids" and
 * "family friendly" are genre phrases: Family). "Not for adults" is left alone: it does not say "for kids".
 * Short requests only.
 */
export function extractAudience(s: ParseState): void {
  if (s.long) return;
  const c = s.out.constraints;
  consume(
    s,
    /(?<!\b(?:not|never|no|isn't|aren't) )\b(?:(?:meant |made |aimed )?(?:for|aimed at) (?:an? )?(?:adults?|grown[- ]?ups?|mature (?:audiences?|viewers?)|(?:an? )?older (?:audiences?|viewers?))|adults?[- ]only|grown[- ]?up(?= (?:movies?|films?|flicks?|stories|animat|cartoons?|animes?|comed|dramas?|fantas|ones?))|adult(?= (?:animat|cartoons?|animes?)))\b/g,
    () => {
      c.excludeGenres = union(c.excludeGenres, ['Family']);
    },
  );
}
