// extract.mjs - the extraction peer of "make bench": Mozilla's
// Readability.js on jsdom (what Firefox's reader view runs) over the same
// generated pages as mediamon's extractor, in one process.  Prints one
// line "readability: PAGES pages BYTES bytes SECONDS s FOUND found",
// timed from the first page on (module loading left out).
//   node extract.mjs FILE...
import { readFileSync } from "node:fs";
import { JSDOM, VirtualConsole } from "jsdom";
import { Readability } from "@mozilla/readability";

const files = process.argv.slice(2);
const quiet = new VirtualConsole();	// pages' console and CSS noise
let bytes = 0, found = 0;
const t0 = process.hrtime.bigint();
for (const f of files) {
	const html = readFileSync(f, "utf8");
	bytes += Buffer.byteLength(html);
	const dom = new JSDOM(html, { url: "https://outlet.example/news/1.html",
				      virtualConsole: quiet });
	const art = new Readability(dom.window.document).parse();
	if (art && art.textContent && art.textContent.length > 0)
		found++;
	dom.window.close();
}
const sec = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`readability: ${files.length} pages ${bytes} bytes ` +
	    `${sec.toFixed(3)} s ${found} found`);
