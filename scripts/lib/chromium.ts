/**
 * Debian's Chromium as every script and browser test here launches it (see ../shared/notes/toolchain.md:
 * playwright cannot download a browser of its own on these machines).
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless flags that keep Chromium quiet and off the network. */
export const HEADLESS_CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
