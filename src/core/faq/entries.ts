/**
 * CineChat's own FAQ (help intent). Pure data, written for this app. Each entry has the phrasings
 * a person might use (all embedded; the best-matching phrasing picks the entry) and the answer.
 */
export interface FaqEntry {
  id: string;
  questions: string[];
  /** Word stems that point at this entry (a small lexical bonus on top of embedding similarity). */
  keywords: string[];
  answer: string;
}

export const FAQ_ENTRIES: readonly FaqEntry[] = [
  {
    id: 'what-can-you-do',
    questions: [
      'what can you do?',
      'how does CineChat work?',
      'how do I use this app?',
      'help',
      'what kind of questions can I ask?',
      'what is CineChat for?',
    ],
    keywords: ['what can', 'how does', 'use this', 'for'],
    answer:
      'Tell me what you feel like watching — a mood, a plot you half remember, a movie you liked, or filters such as ' +
      '"french comedies from the 90s under 2 hours". I search about 45,000 movies on your device and explain why each ' +
      'one matched. You can then refine: "shorter ones", "not horror", "more like the second one", "something else". ' +
      'You can also ask facts about a movie, e.g. "who directed Jaws?".',
  },
  {
    id: 'offline',
    questions: [
      'does this work offline?',
      'can I use it without internet?',
      'do I need wifi?',
      'use it on a plane',
      'will it still work if I lose connection?',
    ],
    keywords: ['offline', 'internet', 'wifi', 'connection', 'plane'],
    answer:
      'Yes. After the first visit the app, the movie index and the embedding model are stored on your device, so search ' +
      'and recommendations work with no connection. The optional AI model works offline too once downloaded.',
  },
  {
    id: 'data-storage',
    questions: [
      'where is my data stored?',
      'where do you keep my ratings?',
      'is my chat history saved?',
      'where are my ratings and thumbs saved?',
      'which storage does the app write my history to?',
      'where do my conversations live?',
    ],
    keywords: ['where', 'stor', 'save', 'keep', 'kept'],
    answer:
      'Everything stays in your browser: conversations, ratings and hidden movies in IndexedDB, the movie index and ' +
      'models in the browser cache for this site. Nothing is stored on a server.',
  },
  {
    id: 'privacy',
    questions: [
      'is my data private?',
      'do you send my messages to a server?',
      'does the app track me?',
      'is anything sent to the cloud?',
      'do you collect analytics or personal data?',
      'does anyone else see my conversations?',
    ],
    keywords: ['privacy', 'private', 'track', 'server', 'cloud', 'share', 'send', 'analytics'],
    answer:
      'Your messages never leave your device: embedding, search and the optional AI model all run locally in your ' +
      'browser. There is no account, no analytics and no tracking. (Only if you connect your own Qdrant server are ' +
      'search requests sent to that server.)',
  },
  {
    id: 'export-ratings',
    questions: [
      'how do I export my ratings?',
      'can I download my feedback?',
      'save my thumbs up history to a file',
      'export my feedback as JSONL for fine-tuning',
      'get a copy of my liked answers',
    ],
    keywords: ['export', 'download my', 'file', 'jsonl', 'copy'],
    answer:
      'Open Settings → Feedback → Export. You get a JSONL file in one of two formats: chat messages (for supervised ' +
      'fine-tuning) or chosen/rejected pairs (for preference tuning). Each line holds your message, the plan, the ' +
      'movies shown and the answer you rated.',
  },
  {
    id: 'rate-answers',
    questions: [
      'how do I rate an answer?',
      'what do the thumbs buttons do?',
      'how do I give stars to a reply?',
      'how do I tell you a recommendation was bad?',
      'where is the like button?',
    ],
    keywords: ['rate', 'thumb', 'star', 'like button', 'bad'],
    answer:
      'Under each answer there are thumbs up / down buttons and optional 1–5 stars. Ratings are kept on your device ' +
      'and can be exported to improve a model; they do not change anything on a server.',
  },
  {
    id: 'change-model',
    questions: [
      'how do I change the AI model?',
      'which language model are you using?',
      'switch to a smaller model',
      'pick another LLM',
      'use Llama or Qwen instead',
    ],
    keywords: ['model', 'llm', 'llama', 'qwen', 'phi'],
    answer:
      'Open Settings → AI model. The list shows only models your device can run (by GPU memory and features), with ' +
      'their download size. The AI model is optional: without it I use built-in rules and templates.',
  },
  {
    id: 'webgpu',
    questions: [
      'why does it say WebGPU is not available?',
      'can I use it without a GPU?',
      'my GPU is not supported',
      'the AI model will not load on my computer',
    ],
    keywords: ['webgpu', 'gpu', 'graphics'],
    answer:
      'The optional AI model needs WebGPU (recent Chrome or Edge, and some Safari/Firefox versions). Without it ' +
      'everything else works: search, filters, refinements and template answers run on the CPU.',
  },
  {
    id: 'storage-size',
    questions: [
      'how much storage does the app use?',
      'how much disk space does this take?',
      'why is the download so big?',
      'how many megabytes does the model take?',
    ],
    keywords: ['space', 'size', 'big', 'megabyte', 'gb', 'mb', 'disk'],
    answer:
      'The movie index and embedding model take about 60 MB. An AI model adds 0.4–3 GB depending on the one you ' +
      'pick; Settings shows the size before you download and lets you delete it again.',
  },
  {
    id: 'delete-data',
    questions: [
      'how do I delete my data?',
      'how do I clear the cache?',
      'remove the downloaded model',
      'wipe everything',
      'reset the app and forget my history',
      'clear my conversations',
    ],
    keywords: ['delete', 'clear', 'erase', 'wipe', 'remove', 'forget', 'reset'],
    answer:
      'Settings → Storage lists what is stored (conversations, ratings, index, models) with a delete button for each. ' +
      'Clearing this site\u2019s data in the browser removes everything at once.',
  },
  {
    id: 'data-source',
    questions: [
      'where does the movie data come from?',
      'how many movies do you know?',
      'why are there no new movies?',
      'what catalogue do you use?',
      'which films are included?',
    ],
    keywords: ['dataset', 'catalogue', 'catalog', 'database', 'come from', 'new movies', 'included'],
    answer:
      'The catalogue is "The Movies Dataset" (TMDB metadata, about 45,000 movies released up to mid-2017), so newer ' +
      'movies are missing.',
  },
  {
    id: 'how-recommendations',
    questions: [
      'how are the recommendations chosen?',
      'why did you recommend these?',
      'how do you pick movies?',
      'how does the ranking work?',
      'what makes you suggest a film?',
    ],
    keywords: ['how are', 'how do you', 'rank', 'decide', 'chosen', 'pick'],
    answer:
      'I turn your message into filters (genres, years, runtime, language, people) and a description, find the ' +
      'movies whose descriptions are closest in meaning, and rank them by that similarity, how well they match named ' +
      'movies you liked, and their ratings. Each result lists the reasons it matched.',
  },
  {
    id: 'hide-and-reset',
    questions: [
      'how do I hide a movie?',
      'how do I start a new conversation?',
      'how do I edit the filters?',
      'stop showing me a certain film',
      'clear the current filters and start over',
    ],
    keywords: ['hide', 'filter', 'new chat', 'new conversation', 'start over', 'never see'],
    answer:
      'Use the hide button on a card to never see that movie again. The filter chips above the results can be edited ' +
      'or removed; "New chat" starts over with no filters.',
  },
  {
    id: 'install',
    questions: [
      'how do I install the app?',
      'can I put it on my phone home screen?',
      'how do I update CineChat?',
      'is there a mobile app?',
      'install it as an app on my laptop',
    ],
    keywords: ['install', 'home screen', 'update', 'mobile', 'phone'],
    answer:
      'CineChat is a web app you can install from the browser menu ("Install app" / "Add to Home Screen"). It updates ' +
      'itself when a new version is available and asks before reloading.',
  },
];

/** Flattened (entry, phrasing) rows, the unit that gets embedded. */
export function faqRows(entries: readonly FaqEntry[] = FAQ_ENTRIES): Array<{ id: string; text: string }> {
  return entries.flatMap((e) => e.questions.map((text) => ({ id: e.id, text })));
}
