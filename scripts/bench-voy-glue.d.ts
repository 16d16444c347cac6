/** voy-search's wasm-bindgen glue module ships no declarations; the bench instantiates it by hand. */
declare module 'voy-search/voy_search_bg.js' {
  export function __wbg_set_wasm(exports: WebAssembly.Exports): void;
}
