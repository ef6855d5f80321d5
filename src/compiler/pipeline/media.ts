/**
 * What feeds say about an article's files besides their address: a picture's media
 * type, told by its name (RSS's enclosure requires a type, and readers pick pictures
 * by it), and the length in bytes of each file the site serves itself, read from the
 * file so that it is always true. A file on another site has the length its article
 * gives, or none.
 */
import { stat } from "node:fs/promises";
import { withLimit } from "../emit/emit";
import { decodePath } from "../render/markdown";
import type { ArticleFacts, SharedFields } from "../render/process";

const IMAGE_TYPES: Record<string, string> = {
  avif: "image/avif",
  gif: "image/gif",
  jpeg: "image/jpeg",
  jpg: "image/jpeg",
  png: "image/png",
  svg: "image/svg+xml",
  webp: "image/webp",
};

/** The media type a picture's name tells (`/img/a.JPG` → `image/jpeg`), if it tells one. */
export function imageTypeOf(address: string): string | undefined {
  const path = address.replace(/[?#].*$/, "");
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return extension === undefined ? undefined : IMAGE_TYPES[extension];
}

/**
 * The sizes of the site's own files, by root-relative path as records write them
 * (`/img/a%20b.jpg`); `sourceOf` gives the file a decoded path is served from. A path
 * the site does not serve has no size.
 */
export async function fileSizes(
  paths: Iterable<string>,
  sourceOf: (path: string) => string | undefined,
): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  await withLimit(
    [...new Set(paths)].map((path) => async () => {
      const source = sourceOf(decodePath(path));
      const found = source === undefined ? undefined : await stat(source).catch(() => undefined);
      if (found) sizes.set(path, found.size);
    }),
  );
  return sizes;
}

/** The site's own files an article names, as it writes them: its picture and attachments on this site. */
export function localMedia(article: ArticleFacts): string[] {
  return [
    ...(article.image?.startsWith("/") ? [article.image] : []),
    ...article.attachments.flatMap((attachment) => (attachment.file === undefined ? [] : [attachment.url])),
  ];
}

/**
 * A record's picture and attachments, measured: a picture's type from its name and its
 * length from its file; an attachment on this site as long as its file, one elsewhere
 * as long as the article says. `withImage` is false when the picture is left out.
 */
export function mediaFields(
  article: ArticleFacts,
  sizes: ReadonlyMap<string, number>,
  withImage: boolean,
): Pick<SharedFields, "image" | "imageType" | "imageLength" | "attachments"> {
  const fields: Pick<SharedFields, "image" | "imageType" | "imageLength" | "attachments"> = {};
  if (article.image && withImage) {
    fields.image = article.image;
    const type = imageTypeOf(article.image);
    const length = sizes.get(article.image);
    if (type) fields.imageType = type;
    if (length !== undefined) fields.imageLength = length;
  }
  if (article.attachments.length > 0) {
    fields.attachments = article.attachments.map(({ file, length, ...attachment }) => ({
      ...attachment,
      // A file of this site that is missing is an error already, and then nothing is published.
      length: (file === undefined ? length : sizes.get(attachment.url)) ?? 0,
    }));
  }
  return fields;
}
