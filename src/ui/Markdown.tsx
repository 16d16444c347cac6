import { createEffect } from 'solid-js';
import { renderMarkdown } from './markdown.ts';

/** Sanitized markdown as DOM nodes (see markdown.ts); re-rendered when the text changes. */
export function Markdown(props: { text: string; class?: string }) {
  let el!: HTMLDivElement;
  createEffect(() => el.replaceChildren(renderMarkdown(props.text)));
  return <div ref={el} class={props.class} />;
}
