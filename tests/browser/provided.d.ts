// What the browser tests' global setup (serve.ts) hands to them through Vitest's provide/inject.
export {};

declare module "vitest" {
  export interface ProvidedContext {
    /** Origin of the locally served worker, e.g. http://127.0.0.1:41234; empty when the tests are skipped. */
    baseUrl: string;
    /** Path of the newest article the home page links to. */
    articlePath: string;
  }
}
