/**
 * QueryPlan ⇄ refinement chips. Each chip is one removable piece of the plan; removing it yields
 * the same plan without that piece. Pure functions (tested in tests/ui/chips.test.ts); the engine sends chips with every turn.
 */
import type { Constraints, QualityHint, QueryPlan } from '../types.ts';
import { QUALITY_BOUNDS } from '../plan/rule-planner.ts';

/** A refinement chip: one removable piece of the standing request. */
export interface Chip {
  /** Stable key, e.g. "genres:Drama", "years", "like:129". */
  key: string;
  label: string;
}

const LANGUAGE_NAMES =
  typeof Intl !== 'undefined' ? new Intl.DisplayNames(['en'], { type: 'language' }) : null;
const REGION_NAMES = typeof Intl !== 'undefined' ? new Intl.DisplayNames(['en'], { type: 'region' }) : null;
const name = (d: Intl.DisplayNames | null, code: string) => {
  try {
    return d?.of(code) ?? code;
  } catch {
    return code;
  }
};

function rangeLabel(r: [number | null, number | null], unit: string, lo: string, hi: string): string {
  const [a, b] = r;
  if (a != null && b != null) return a === b ? `${a}${unit}` : `${a}–${b}${unit}`;
  if (a != null) return `${lo} ${a}${unit}`;
  return `${hi} ${b}${unit}`;
}

export const QUALITY_LABELS: Record<Exclude<QualityHint, null>, string> = {
  acclaimed: 'acclaimed',
  'hidden-gem': 'hidden gems',
  cult: 'cult classics',
  panned: 'critically panned',
  popular: 'popular',
};

const BOUND_FIELDS = ['minRating', 'maxRating', 'minVotes', 'maxVotes'] as const;

/** The rating/vote bounds that came with the plan's quality word (shown as its chip, not on their own). */
function fromQuality(plan: QueryPlan, field: (typeof BOUND_FIELDS)[number]): boolean {
  return !!plan.quality && plan.constraints[field] === QUALITY_BOUNDS[plan.quality][field];
}

export function planToChips(plan: QueryPlan): Chip[] {
  const c = plan.constraints;
  const chips: Chip[] = [];
  if (plan.quality) chips.push({ key: 'quality', label: QUALITY_LABELS[plan.quality] });
  for (const m of plan.hints?.moods ?? []) chips.push({ key: `mood:${m}`, label: m });
  for (const g of c.genres ?? []) chips.push({ key: `genres:${g}`, label: g });
  for (const g of c.excludeGenres ?? []) chips.push({ key: `excludeGenres:${g}`, label: `no ${g}` });
  if (c.years) chips.push({ key: 'years', label: rangeLabel(c.years, '', 'from', 'until') });
  if (c.runtime) chips.push({ key: 'runtime', label: rangeLabel(c.runtime, ' min', 'over', 'under') });
  for (const l of c.languages ?? []) chips.push({ key: `languages:${l}`, label: name(LANGUAGE_NAMES, l) });
  for (const k of c.countries ?? []) chips.push({ key: `countries:${k}`, label: name(REGION_NAMES, k) });
  for (const p of c.people ?? []) chips.push({ key: `people:${p}`, label: `with ${p}` });
  if (c.minRating != null && !fromQuality(plan, 'minRating'))
    chips.push({ key: 'minRating', label: `rated ${c.minRating}+` });
  if (c.maxRating != null && !fromQuality(plan, 'maxRating'))
    chips.push({ key: 'maxRating', label: `rated ${c.maxRating} or less` });
  const votes =
    (c.minVotes != null && !fromQuality(plan, 'minVotes')) ||
    (c.maxVotes != null && !fromQuality(plan, 'maxVotes'));
  if (votes) chips.push({ key: 'votes', label: c.maxVotes != null ? 'lesser known' : 'well known' });
  plan.likeIds.forEach((id, i) =>
    chips.push({ key: `like:${id}`, label: `like ${plan.likeTitles[i] ?? `#${id}`}` }),
  );
  plan.unlikeIds.forEach((id, i) =>
    chips.push({ key: `unlike:${id}`, label: `not ${plan.unlikeTitles[i] ?? `#${id}`}` }),
  );
  return chips;
}

const LIST_FIELDS = ['genres', 'excludeGenres', 'languages', 'countries', 'people'] as const;

/** The plan without the piece a chip stands for. Unknown keys leave the plan as it is. */
export function removeChip(plan: QueryPlan, key: string): QueryPlan {
  const [field, ...rest] = key.split(':');
  const value = rest.join(':');
  const c: Constraints = { ...plan.constraints };
  const next: QueryPlan = { ...plan, constraints: c };
  if ((LIST_FIELDS as readonly string[]).includes(field)) {
    const f = field as (typeof LIST_FIELDS)[number];
    const left = (c[f] ?? []).filter((x) => x !== value);
    if (left.length) c[f] = left;
    else delete c[f];
  } else if (field === 'years' || field === 'runtime' || field === 'minRating' || field === 'maxRating') {
    delete c[field];
  } else if (field === 'quality') {
    for (const f of BOUND_FIELDS) if (fromQuality(plan, f)) delete c[f];
    next.quality = null;
  } else if (field === 'mood') {
    const moods = (plan.hints?.moods ?? []).filter((m) => m !== value);
    next.hints = { ...plan.hints, moods };
    if (!moods.length) delete next.hints.moods;
  } else if (field === 'votes') {
    delete c.minVotes;
    delete c.maxVotes;
  } else if (field === 'like' || field === 'unlike') {
    const ids = field === 'like' ? plan.likeIds : plan.unlikeIds;
    const titles = field === 'like' ? plan.likeTitles : plan.unlikeTitles;
    const keep = ids.map((id, i) => [id, titles[i]] as const).filter(([id]) => String(id) !== value);
    if (field === 'like') {
      next.likeIds = keep.map(([id]) => id);
      next.likeTitles = keep.map(([, t]) => t);
    } else {
      next.unlikeIds = keep.map(([id]) => id);
      next.unlikeTitles = keep.map(([, t]) => t);
    }
  }
  return next;
}
