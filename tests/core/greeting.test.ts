import { describe, expect, it } from 'vitest';
import { stripGreeting } from '../../src/core/intent/router.ts';

describe('stripGreeting', () => {
  it.each([
    ['hi! something heartwarming about friendship', 'something heartwarming about friendship'],
    ['Hello there, a tense psychological thriller', 'a tense psychological thriller'],
    ['hey how are you? westerns from the 1950s please', 'westerns from the 1950s please'],
  ])('drops a leading greeting: %s', (text, rest) => {
    expect(stripGreeting(text)).toBe(rest);
  });
  it.each([
    'hidden gem horror from the 80s',
    'hiking movies with a twist ending',
    'heyday of disco musicals',
    'history documentaries about rome',
    'goodbye letters in wartime dramas',
  ])('keeps words that merely start like a greeting: %s', (text) => {
    expect(stripGreeting(text)).toBe(text);
  });
  it('keeps a greeting that is the whole message', () => {
    expect(stripGreeting('hi there')).toBe('hi there');
  });
});
