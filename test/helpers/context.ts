// Values test/global-setup.ts provides to every test file; `inject('temporalAddress')` is typed by this.
declare module 'vitest' {
  export interface ProvidedContext {
    /** host:port of the one Temporal dev server shared by the whole test run (namespace `default`). */
    temporalAddress: string;
  }
}

export {};
