import { describe, expect, it } from 'vitest';
import { checkGrounding, titleMentions } from '../../src/core/conversation/grounding.ts';

const results = [
  { id: 949, title: 'Heat' },
  { id: 807, title: 'Se7en' },
  { id: 8012, title: 'Get Shorty' },
];

describe('grounding check', () => {
  it('keeps an answer that names only retrieved movies and reports their ids', () => {
    const g = checkGrounding('Try **Heat** for a tense heist. **Se7en** is darker.', results);
    expect(g.hallucinated).toEqual([]);
    expect(g.mentionedIds.sort()).toEqual([807, 949]);
    expect(g.text).toBe('Try **Heat** for a tense heist. **Se7en** is darker.');
  });

  it('drops sentences that name a movie not in the results, and flags the title', () => {
    const g = checkGrounding(
      '**Heat** is a classic. You will also love **The Godfather**. **Get Shorty** is lighter.',
      results,
    );
    expect(g.hallucinated).toEqual(['The Godfather']);
    expect(g.text).not.toContain('Godfather');
    expect(g.text).toContain('**Heat**');
    expect(g.text).toContain('**Get Shorty**');
  });

  it('catches titles written as "Title (year)" without markers', () => {
    expect(titleMentions('Then Alien (1979) is great')).toContain('Then Alien');
    const g = checkGrounding('Heat (1995) fits. Also Casino Royale (2006) is fun.', results);
    expect(g.hallucinated).toEqual(['Also Casino Royale']);
    expect(g.mentionedIds).toEqual([949]);
  });

  it('matches titles regardless of case, articles and punctuation', () => {
    const g = checkGrounding('**get shorty!** is a comedy.', results);
    expect(g.hallucinated).toEqual([]);
    expect(g.mentionedIds).toEqual([8012]);
  });
});
