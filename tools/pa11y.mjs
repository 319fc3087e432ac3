// Check pages with pa11y (its HTML_CodeSniffer runner, WCAG 2 AA) in Debian's chromium: puppeteer
// downloads no browser here (.npmrc turns install scripts off).  Usage: node tools/pa11y.mjs URL...
// Prints {url: [errors]} as JSON; exits 1 when any page has an error.
import pa11y from "pa11y";
import puppeteer from "puppeteer";

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});
const found = {};
let errors = 0;
try {
  for (const url of process.argv.slice(2)) {
    const page = await browser.newPage();
    const result = await pa11y(url, {browser, page, runners: ["htmlcs"], standard: "WCAG2AA", timeout: 60000});
    found[url] = result.issues.filter((i) => i.type === "error").map((i) => `${i.code}: ${i.selector}`);
    errors += found[url].length;
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(found));
process.exit(errors ? 1 : 0);
