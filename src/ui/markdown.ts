/**
 * Markdown (from the LLM or the answer templates) to DOM nodes. Raw HTML in the source is shown
 * as text (never parsed), and the HTML marked produces goes through DOMPurify with a short list
 * of formatting tags, returned as a DocumentFragment, so no string of HTML is ever assigned to
 * the page.
 */
import DOMPurify from 'dompurify';
import { Marked } from 'marked';

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    // Inline or block HTML in the markdown is data: display it literally.
    html: ({ text }) => escapeHtml(text),
    // Links could smuggle javascript: URLs and leak what someone searched for; show their text.
    link: ({ text }) => escapeHtml(text),
    image: ({ text }) => escapeHtml(text),
  },
});

const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'em',
  'del',
  'code',
  'pre',
  'ul',
  'ol',
  'li',
  'blockquote',
  'h3',
  'h4',
  'hr',
];

/** A fragment safe to append: formatting only, no attributes, no links, no images. */
export function renderMarkdown(source: string): DocumentFragment {
  const html = marked.parse(source) as string;
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR: [],
    RETURN_DOM_FRAGMENT: true,
  });
}
