/**
 * The preview's command line: its own options (which content, where the build goes)
 * taken out, everything else handed to wrangler dev
 * untouched, so `npm start -- --port 9000` works as it did when `npm start` was
 * wrangler dev itself.
 */

export interface PreviewOptions {
  /** The content directory to build and watch. */
  content: string;
  /** The index module `npm run build` writes (the deployed Worker imports it); the problems module goes beside it. */
  out: string;
  /** The assets directory the build writes (record packs, static and page-bundle files). */
  assets: string;
}

export const DEFAULT_OPTIONS: PreviewOptions = {
  content: "content",
  out: "src/generated/content.ts",
  assets: ".edgefeed/public",
};

const OWN_OPTIONS = new Map<string, keyof PreviewOptions>([
  ["--content", "content"],
  ["--out", "out"],
  ["--assets", "assets"],
]);

/** Splits argv (without node and the script) into the preview's options and wrangler's arguments. */
export function splitArguments(argv: readonly string[]): { options: PreviewOptions; wranglerArgs: string[] } {
  const options: PreviewOptions = { ...DEFAULT_OPTIONS };
  const wranglerArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const equals = arg.indexOf("=");
    const name = equals === -1 ? arg : arg.slice(0, equals);
    const key = OWN_OPTIONS.get(name);
    if (!key) {
      wranglerArgs.push(arg);
      continue;
    }
    const value = equals === -1 ? argv[++i] : arg.slice(equals + 1);
    if (value === undefined || value === "" || value.startsWith("--")) {
      throw new Error(`${name} needs a path, e.g. ${name} ${DEFAULT_OPTIONS[key]}`);
    }
    options[key] = value;
  }
  return { options, wranglerArgs };
}
