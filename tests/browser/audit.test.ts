/**
 * Every kind of page at phone and desktop width, light then dark: no serious or critical
 * axe-core violation (in dark mode, the colour-contrast rule, the one a colour scheme
 * changes), nothing wider than a phone's screen, and full-page screenshots for people to
 * look at in CI's artifacts.
 */
import { horizontalOverflow, saveScreenshot, seriousViolations } from "./audit";
import { browserTest as it, describeInBrowser, type Device } from "./harness";
import { PAGE_KINDS } from "./site";

const WIDTHS: Device[] = ["desktop", "phone"];
/** Dark screenshots of the pages with the most to style; the rest only get the contrast check, to keep the run short. */
const DARK_SCREENSHOTS = new Set(["home", "tag", "article"]);

describeInBrowser("accessibility, layout and screenshots of every kind of page", () => {
  for (const device of WIDTHS) {
    it.for(PAGE_KINDS)(`$name at ${device} width, light and dark`, async ({ name, path }, { visitor, expect }) => {
      const { page } = await visitor.open(path, { device, colorScheme: "light" });
      expect.soft(await seriousViolations(page), "serious or critical axe-core violations, light").toEqual([]);
      if (device === "phone") expect.soft(await horizontalOverflow(page), "px wider than the screen").toBe(0);
      await saveScreenshot(page, name, device, "light");

      await page.emulateMedia({ colorScheme: "dark" });
      const contrast = await seriousViolations(page, ["color-contrast"]);
      expect.soft(contrast, "serious or critical axe-core violations, dark").toEqual([]);
      if (DARK_SCREENSHOTS.has(name)) await saveScreenshot(page, name, device, "dark");
    });
  }
});
