/*
 * svg.c - two chart shapes in inline SVG, sized in a viewBox so that they
 * scale with the page and print sharp.  Every label goes through
 * html_text(): outlet names come from configuration, but nothing that
 * reaches a page is trusted.
 */
#include "svg.h"
#include "common/html.h"

#include <stdio.h>

#define FONT "font-family=\"Arial, Helvetica, sans-serif\""

static int max_total(const int *pos, const int *neu, const int *neg, int n)
{
	int m = 0;

	for (int i = 0; i < n; i++)
		if (pos[i] + neu[i] + neg[i] > m)
			m = pos[i] + neu[i] + neg[i];
	return m;
}

static void open_svg(struct buf *out, int w, int h, const char *title)
{
	buf_addf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		 "viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" "
		 "aria-label=\"", w, h);
	html_text(out, title);
	buf_adds(out, "\"><title>");
	html_text(out, title);
	buf_adds(out, "</title>");
}

static void rect(struct buf *out, double x, double y, double w, double h,
		 const char *fill)
{
	if (h <= 0 || w <= 0)
		return;
	buf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		 "height=\"%.1f\" fill=\"%s\"/>", x, y, w, h, fill);
}

/* The frame of a column chart: the axis with zero and the maximum m. */
static void column_axis(struct buf *out, int w, int h, int left, int top,
			int bottom, long m)
{
	buf_addf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		 "stroke=\"#bbb\"/>", left, h - bottom, w - 4, h - bottom);
	buf_addf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\" "
		 "text-anchor=\"end\" fill=\"#555\" " FONT ">%ld</text>",
		 left - 4, top + 8, m);
	buf_addf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\" "
		 "text-anchor=\"end\" fill=\"#555\" " FONT ">0</text>",
		 left - 4, h - bottom);
}

/* Column i's label: every step-th one, and the last one unless it would
 * run into the one before. */
static void column_label(struct buf *out, const char *const *labels, int i,
			 int n, int step, double x, int y)
{
	if (step <= 0 || !labels[i] ||
	    !(i % step == 0 ||
	      (i == n - 1 && (n - 1) % step >= (step + 1) / 2)))
		return;
	buf_addf(out, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" "
		 "text-anchor=\"middle\" fill=\"#555\" " FONT ">", x, y);
	html_text(out, labels[i]);
	buf_adds(out, "</text>");
}

void svg_tonality_columns(struct buf *out, const char *const *labels,
			  const int *pos, const int *neu, const int *neg,
			  int n, int step, const char *title)
{
	const int w = 720, h = 220, left = 34, bottom = 26, top = 10;
	int m = max_total(pos, neu, neg, n);
	double cw = n ? (double)(w - left - 6) / n : 0;
	double scale = m ? (double)(h - bottom - top) / m : 0;

	open_svg(out, w, h, title);
	column_axis(out, w, h, left, top, bottom, m);
	for (int i = 0; i < n; i++) {
		double x = left + i * cw + 1, y = h - bottom;
		double bw = cw > 3 ? cw - 2 : cw;

		y -= neg[i] * scale;
		rect(out, x, y, bw, neg[i] * scale, SVG_NEG);
		y -= neu[i] * scale;
		rect(out, x, y, bw, neu[i] * scale, SVG_NEU);
		y -= pos[i] * scale;
		rect(out, x, y, bw, pos[i] * scale, SVG_POS);
		column_label(out, labels, i, n, step, x + bw / 2, h - 8);
	}
	buf_adds(out, "</svg>");
}

void svg_columns(struct buf *out, const char *const *labels,
		 const long *values, int n, int step, const char *colour,
		 const char *title)
{
	const int w = 720, h = 180, left = 46, bottom = 26, top = 10;
	long m = 0;
	double cw = n ? (double)(w - left - 6) / n : 0, scale;

	for (int i = 0; i < n; i++)
		if (values[i] > m)
			m = values[i];
	scale = m ? (double)(h - bottom - top) / (double)m : 0;
	open_svg(out, w, h, title);
	column_axis(out, w, h, left, top, bottom, m);
	for (int i = 0; i < n; i++) {
		double x = left + i * cw + 1;
		double bw = cw > 3 ? cw - 2 : cw;

		rect(out, x, h - bottom - (double)values[i] * scale, bw,
		     (double)values[i] * scale, colour);
		column_label(out, labels, i, n, step, x + bw / 2, h - 8);
	}
	buf_adds(out, "</svg>");
}

void svg_tonality_bars(struct buf *out, const char *const *labels,
		       const int *pos, const int *neu, const int *neg, int n,
		       const char *title)
{
	const int w = 720, row = 22, left = 170, right = 40;
	int h = n * row + 8, m = max_total(pos, neu, neg, n);
	double scale = m ? (double)(w - left - right) / m : 0;

	open_svg(out, w, h > 30 ? h : 30, title);
	for (int i = 0; i < n; i++) {
		double x = left, y = 4 + i * row;

		buf_addf(out, "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" "
			 "text-anchor=\"end\" fill=\"#222\" " FONT ">",
			 left - 6, y + 14);
		html_text(out, labels[i]);
		buf_adds(out, "</text>");
		rect(out, x, y + 2, neg[i] * scale, row - 6, SVG_NEG);
		x += neg[i] * scale;
		rect(out, x, y + 2, neu[i] * scale, row - 6, SVG_NEU);
		x += neu[i] * scale;
		rect(out, x, y + 2, pos[i] * scale, row - 6, SVG_POS);
		x += pos[i] * scale;
		buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" "
			 "fill=\"#222\" " FONT ">%d</text>", x + 4, y + 14,
			 pos[i] + neu[i] + neg[i]);
	}
	buf_adds(out, "</svg>");
}
