// jsdom ships no types and @types/jsdom is not a dependency: the dashboard's graph check only needs its window.
declare module "jsdom" {
  export class JSDOM {
    constructor(html: string);
    readonly window: Window & typeof globalThis;
  }
}
