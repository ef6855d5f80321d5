// What the global setup hands to tests through Vitest's provide/inject.
import type { ContentBundle, EncodedIndex } from "../../src/model/types";

declare module "vitest" {
  export interface ProvidedContext {
    bundles: Record<string, ContentBundle>;
    /** The name of the fixture the real Worker entry serves (through `SELF`) in this run. */
    servedFixture: string;
    /** The index the real Worker entry serves: what the served fixture's build wrote. */
    servedIndex: EncodedIndex;
  }
}
