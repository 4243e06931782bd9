// web.mjs - the web interface as its users meet it, in Debian's chromium
// driven by Playwright (playwright-core): a department signs in, sees its
// own cases only and closes one with a resolution; the press department
// corrects a tonality; an analyst finds no way to change a case.  Every
// page is kept as a screenshot in $ARTIFACTS.  Run by tests/t/1010-browser.sh,
// which checks the database afterwards; exits non-zero on the first failure.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

const WEB = process.env.WEB;
const SHOTS = process.env.ARTIFACTS;
const HR_CASE = process.env.HR_CASE;
const AC_CASE = process.env.AC_CASE;
const ARTICLE = process.env.ARTICLE;

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu', '--disable-quic',
	       '--no-first-run', '--disable-background-networking',
	       '--disable-component-update', '--disable-sync'],
});

async function signIn(name, password) {
	const ctx = await browser.newContext({ viewport: { width: 1200, height: 900 } });
	const page = await ctx.newPage();
	await page.goto(`${WEB}/`);
	assert.match(page.url(), /\/login$/, 'signed out: the login page');
	await page.fill('input[name=username]', name);
	await page.fill('input[name=password]', password);
	await page.click('button');
	assert.equal(new URL(page.url()).pathname, '/', `${name} signed in`);
	return page;
}

async function shot(page, name) {
	await page.screenshot({ path: `${SHOTS}/web-${name}.png`, fullPage: true });
}

// a department: its own cases, and it closes one
{
	const page = await signIn('hr', 'password-hr');
	await shot(page, 'home-department');
	await page.goto(`${WEB}/cases`);
	await shot(page, 'cases-board');
	const links = await page.$$eval('.card a', as => as.map(a => a.getAttribute('href')));
	assert.ok(links.includes(`/cases/${HR_CASE}`), 'own case on the board');
	assert.ok(!links.includes(`/cases/${AC_CASE}`), 'no other department case');
	await page.goto(`${WEB}/cases/${HR_CASE}`);
	await page.selectOption('select[name=status]', 'closed');
	await page.fill('textarea[name=resolution]', 'Проверка проведена, виновные наказаны');
	await page.click('form[action^="/cases/"] button');
	await shot(page, 'case-closed');
	const text = await page.textContent('main');
	assert.match(text, /closed/, 'the case page shows it closed');
	assert.match(text, /Проверка проведена/, 'with its resolution');
	await page.goto(`${WEB}/cases/${AC_CASE}`);
	assert.match(await page.textContent('main'), /not found/, 'another unit case is not found');
	await page.context().close();
}

// the press department corrects a tonality
{
	const page = await signIn('press1', 'password-press1');
	// the day's trends before: the lawyer's accusation counts as negative
	const trends = `${WEB}/trends?from=2026-11-17&to=2026-11-17&source=kabar`;
	const negatives = async () => {
		await page.goto(trends);
		const row = await page.$$eval('main table tr', trs =>
			trs.slice(1).map(tr => [...tr.querySelectorAll('td')].map(td => td.textContent)));
		assert.equal(row.length, 1, 'one day of trends');
		return Number(row[0][3]);
	};
	assert.equal(await negatives(), 1, 'one negative material in the trends');
	await page.goto(`${WEB}/materials?date=2026-11-17`);
	await shot(page, 'materials');
	const form = `form[action="/materials/${ARTICLE}/tonality"]`;
	await page.selectOption(`${form} select[name=tonality]`, 'neutral');
	await page.fill(`${form} input[name=note]`, 'процедурное сообщение');
	await page.click(`${form} button`);
	assert.match(page.url(), /\/materials\?date=2026-11-17$/);
	assert.equal(await negatives(), 0, 'the correction changes the trends');
	await page.goto(`${WEB}/trends?from=2026-11-01&to=2026-11-30`);
	assert.ok(await page.$('main svg'), 'the trends are drawn');
	await shot(page, 'trends');
	await page.goto(`${WEB}/trends?from=2026-11-01&to=2026-11-30&group=region`);
	await shot(page, 'trends-regions');
	await page.goto(`${WEB}/search?q=${encodeURIComponent('пастбища')}`);
	assert.ok((await page.$$('.hit')).length >= 3, 'search finds the pastures story');
	assert.ok(await page.$('.hit mark'), 'with the words marked');
	await shot(page, 'search');
	for (const [path, name] of [['/', 'home-press'], ['/digest', 'digest-archive'],
				    ['/digest/2026-11-17', 'digest'], ['/sources', 'sources'],
				    [`/cases/${AC_CASE}`, 'case']]) {
		await page.goto(`${WEB}${path}`);
		await shot(page, name);
	}
	await page.context().close();
}

// an analyst reads a case but has nothing to change it with
{
	const page = await signIn('ana', 'password-ana');
	await page.goto(`${WEB}/cases/${AC_CASE}`);
	assert.equal(await page.$('select[name=status]'), null, 'no form for an analyst');
	await page.context().close();
}

// the administrator's page
{
	const page = await signIn('adm', 'password-adm');
	await page.goto(`${WEB}/admin`);
	await shot(page, 'admin');
	await page.context().close();
}

// the login page itself, in Kyrgyz
{
	const ctx = await browser.newContext({ viewport: { width: 1200, height: 600 } });
	const page = await ctx.newPage();
	await page.goto(`${WEB}/login?lang=ky`);
	assert.match(await page.textContent('h1'), /Кирүү/);
	await shot(page, 'login');
	await ctx.close();
}

await browser.close();
console.log('browser: all steps passed');
