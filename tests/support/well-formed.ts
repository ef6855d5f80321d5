/** Well-formedness by saxes, a conformant XML 1.0 parser that shares no code with our serializers. */
import { SaxesParser } from "saxes";

/** Throws unless the text is a well-formed, namespace-well-formed XML 1.0 document. */
export function assertWellFormed(text: string): void {
  const parser = new SaxesParser({ xmlns: true });
  let failure: Error | undefined;
  parser.on("error", (error) => {
    failure ??= error;
  });
  parser.write(text).close();
  if (failure) throw new Error(`saxes: ${failure.message}`);
}
