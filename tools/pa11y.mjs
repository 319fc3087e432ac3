// Check pages with pa11y (its HTML_CodeSniffer runner, WCAG 2 AA) in Debian's chromium: puppeteer
// downloads no browser here (.npmrc turns install scripts off).  Usage: node tools/pa11y.mjs URL...
// Prints {url: [errors]} as JSON; exits 1 when any page has an error.  Two pages are checked at a
// time (PA11Y_AT_ONCE to change it): one at a time spent most of the test waiting for page loads.
import pa11y from "pa11y";
import puppeteer from "puppeteer";

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});
const urls = process.argv.slice(2);
const found = {};
let errors = 0;

async function worker() {
  for (let url = urls.shift(); url !== undefined; url = urls.shift()) {
    const page = await browser.newPage();
    try {
      const result = await pa11y(url, {browser, page, runners: ["htmlcs"], standard: "WCAG2AA", timeout: 60000});
      found[url] = result.issues.filter((i) => i.type === "error").map((i) => `${i.code}: ${i.selector}`);
      errors += found[url].length;
    } finally {
      await page.close();
    }
  }
}

try {
  const atOnce = Math.max(1, Number(process.env.PA11Y_AT_ONCE) || 2);
  await Promise.all(Array.from({length: atOnce}, worker));
} finally {
  await browser.close();
}
console.log(JSON.stringify(found));
process.exit(errors ? 1 : 0);
