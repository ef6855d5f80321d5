/**
 * An article's picture and attachments as the build reads them, in scratch content
 * directories: the length of a file the site serves is the file's size (so it is
 * always true), another site's file must say its length, a picture's type comes from
 * its name, and every malformed or unsafe attachment is an error at its line with the
 * right form. Also site.yaml's `feed_content`.
 */
import { afterEach, describe, expect, it } from "vitest";
import { article, compile, removeScratchContent, SITE } from "./scratch-content";

afterEach(removeScratchContent);

const DATE = "date: 2024-01-01T00:00:00Z";
const AUDIO = new Uint8Array(3210);
const PICTURE = new Uint8Array(987);

describe("attachments", () => {
  it("take a file's length from the file when the site serves it, and as written when it is elsewhere", async () => {
    const { bundle, lines } = await compile({
      "static/audio/talk.mp3": AUDIO,
      "articles/pod/index.md": article(`title: Pod
${DATE}
attachments:
  - url: /audio/talk.mp3
    type: audio/mpeg
    title: The talk
    duration: 1:02:03
  - url: notes.pdf
    type: application/pdf
    length: 1
  - url: https://cdn.example/video.mp4
    type: video/mp4
    length: 73400320
    duration: 95.5`),
      "articles/pod/notes.pdf": new Uint8Array(456),
    });
    expect(lines).toEqual([]);
    expect(bundle?.articles[0]?.attachments).toEqual([
      { url: "/audio/talk.mp3", type: "audio/mpeg", length: 3210, title: "The talk", duration: 3723 },
      // A file of the page bundle, and its real size, whatever the article says.
      { url: "/articles/pod/notes.pdf", type: "application/pdf", length: 456 },
      { url: "https://cdn.example/video.mp4", type: "video/mp4", length: 73400320, duration: 95.5 },
    ]);
  });

  it("accept one mapping for a single file", async () => {
    const { bundle, lines } = await compile({
      "articles/a.md": article(
        `title: A\n${DATE}\nattachments: { url: "https://cdn.example/a.mp3", type: audio/mpeg, length: 10 }`,
      ),
    });
    expect(lines).toEqual([]);
    expect(bundle?.articles[0]?.attachments).toEqual([
      { url: "https://cdn.example/a.mp3", type: "audio/mpeg", length: 10 },
    ]);
  });

  it("reject each malformed or unsafe entry at its line, with the right form", async () => {
    const { bundle, lines } = await compile({
      "articles/bad.md": article(`title: Bad
${DATE}
attachments:
  - https://cdn.example/a.mp3
  - type: audio/mpeg
    length: 10
  - url: https://cdn.example/b.mp3
    length: 10
  - url: https://cdn.example/c.mp3
    type: mp3
    length: 10
  - url: javascript:alert(1)
    type: audio/mpeg
    length: 10
  - url: //cdn.example/d.mp3
    type: audio/mpeg
    length: 10
  - url: https://cdn.example/e.mp3
    type: audio/mpeg
  - url: https://cdn.example/f.mp3
    type: audio/mpeg
    length: -5
  - url: https://cdn.example/g.mp3
    type: audio/mpeg
    length: 10
    duration: about an hour
  - url: https://cdn.example/h.mp3
    type: audio/mpeg
    lenght: 10
  - url: https://cdn.example/i.mp3
    type: audio/mpeg
    length: 10
    bitrate: 128`),
      "articles/missing.md": article(
        `title: Missing\n${DATE}\nattachments:\n  - url: /audio/missing.mp3\n    type: audio/mpeg`,
      ),
    });
    expect(bundle).toBeUndefined();
    expect(lines).toEqual([
      "error: articles/bad.md:5: attachments[0]: attachments is a list of files, each a mapping: attachments: [{ url: /audio/briefing.mp3, type: audio/mpeg, length: 2830117, duration: 754 }]",
      "error: articles/bad.md:6: attachments[1].url: is required: the file's address, e.g. url: /audio/briefing.mp3",
      "error: articles/bad.md:8: attachments[2].type: is required: the file's media type, e.g. type: audio/mpeg",
      "error: articles/bad.md:11: attachments[3].type: must be a media type such as audio/mpeg, video/mp4 or application/pdf",
      "error: articles/bad.md:13: attachments[4].url: must be an absolute http(s) URL or a path starting with /",
      "error: articles/bad.md:16: attachments[5].url: must be an absolute http(s) URL or a path starting with /",
      "error: articles/bad.md:19: attachments[6].length: is required for a file on another site: its size in bytes, e.g. length: 2830117",
      "error: articles/bad.md:23: attachments[7].length: must be the file's size in bytes, e.g. length: 2830117",
      "error: articles/bad.md:27: attachments[8].duration: must be the playing time in seconds (duration: 754) or as h:mm:ss (duration: 0:12:34)",
      "error: articles/bad.md:28: attachments[9].length: is required for a file on another site: its size in bytes, e.g. length: 2830117",
      "error: articles/bad.md:30: attachments[9].lenght: unknown field: did you mean `length`?",
      "warning: articles/bad.md:34: attachments[10].bitrate: unknown field, ignored",
      "error: articles/missing.md:5: attachments[0].url: /audio/missing.mp3 names no file: put the file at content/static/audio/missing.mp3 (it is served as /audio/missing.mp3), or give an https:// address",
    ]);
  });
});

describe("an article's picture", () => {
  it("has the type its name tells, and the length of its file when the site serves it", async () => {
    const { bundle, lines } = await compile({
      "static/img/a.JPG": PICTURE,
      "articles/local.md": article(`title: Local\n${DATE}\nimage: /img/a.JPG`),
      "articles/remote.md": article(
        `title: Remote\ndate: 2024-01-02T00:00:00Z\nimage: https://cdn.example/b.webp?w=800`,
      ),
      "articles/unknown.md": article(`title: Unknown\ndate: 2024-01-03T00:00:00Z\nimage: https://cdn.example/picture`),
    });
    expect(lines).toEqual([]);
    const picture = (slug: string) => {
      const found = bundle?.articles.find((a) => a.slug === slug);
      return [found?.image, found?.imageType, found?.imageLength];
    };
    expect(picture("local")).toEqual(["/img/a.JPG", "image/jpeg", 987]);
    expect(picture("remote")).toEqual(["https://cdn.example/b.webp?w=800", "image/webp", undefined]);
    expect(picture("unknown")).toEqual(["https://cdn.example/picture", undefined, undefined]);
  });
});

describe("site.yaml feed_content", () => {
  it("is full by default, summary when asked, and anything else is an error at its line", async () => {
    expect((await compile({})).bundle?.site.feedContent).toBe("full");
    expect((await compile({ "site.yaml": `${SITE}feed_content: summary\n` })).bundle?.site.feedContent).toBe("summary");
    const wrong = await compile({ "site.yaml": `${SITE}feed_content: excerpt\n` });
    expect(wrong.bundle).toBeUndefined();
    expect(wrong.lines).toEqual([
      "error: site.yaml:7: feed_content: must be full (the whole article in feeds) or summary, such as feed_content: summary",
    ]);
  });
});
