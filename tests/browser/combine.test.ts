/**
 * The tag index's combine form, used the way a person would: tick tags, choose "all" or
 * "any", submit, and land on the combination's canonical page with its feeds, with the
 * site script and without it.
 */
import { expect } from "vitest";
import { browserTest as it, describeInBrowser } from "./harness";
import { expectFeedAddresses, mainHeading } from "./page-checks";

describeInBrowser("combining tags from the tag index", () => {
  it.for([
    { javaScript: true, choice: "Articles with any of them", path: "/tags/nato,russia", heading: "NATO or Russia" },
    { javaScript: false, choice: "Articles with all of them", path: "/tags/nato+russia", heading: "NATO + Russia" },
  ])(
    "ticking Russia and NATO, '$choice', lands on $path (JavaScript: $javaScript)",
    async ({ javaScript, choice, path, heading }, { visitor }) => {
      const { page } = await visitor.open("/tags", { javaScript });
      await page.getByRole("checkbox", { name: "Combine Russia", exact: true }).check();
      await page.getByRole("checkbox", { name: "Combine NATO", exact: true }).check();
      await page.getByRole("radio", { name: choice }).check();
      await page.getByRole("button", { name: "Show the combination" }).click();
      await page.waitForURL(visitor.url(path));
      expect(await mainHeading(page)).toBe(heading);
      const block = page.locator("section.subscribe");
      if (javaScript) await expectFeedAddresses(page, block, `${path}/`);
      else {
        // Without the script there are no Copy buttons, and the addresses are there to select.
        expect(
          await block.locator("input").evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)),
        ).toEqual(["rss.xml", "atom.xml", "feed.json"].map((file) => visitor.url(`${path}/${file}`)));
      }
    },
  );
});
