/*
 * feed_sanitize.c - what feedparser's HTML sanitiser keeps: its lists of
 * acceptable elements and attributes (HTML, MathML, SVG), the elements
 * whose content is removed (script, style, applet), and its CSS filter.
 * Used on every HTML value of a feed before it reaches the database.
 */
#include "feed_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SVG_NS "http://www.w3.org/2000/svg"
#define MATHML_NS "http://www.w3.org/1998/Math/MathML"
#define XLINK_NS "http://www.w3.org/1999/xlink"

/* All lists are sorted (strcmp) for bsearch. */
static const char *const html_elements[] = {
	"a", "abbr", "acronym", "address", "area", "article", "aside",
	"audio", "b", "big", "blockquote", "br", "button", "canvas",
	"caption", "center", "cite", "code", "col", "colgroup", "command",
	"datagrid", "datalist", "dd", "del", "details", "dfn", "dialog",
	"dir", "div", "dl", "dt", "em", "event-source", "fieldset",
	"figcaption", "figure", "font", "footer", "form", "h1", "h2", "h3",
	"h4", "h5", "h6", "header", "hr", "i", "img", "input", "ins", "kbd",
	"keygen", "label", "legend", "li", "m", "map", "menu", "meter",
	"multicol", "nav", "nextid", "noscript", "ol", "optgroup", "option",
	"output", "p", "pre", "progress", "q", "rp", "rt", "ruby", "s",
	"samp", "section", "select", "small", "sound", "source", "spacer",
	"span", "strike", "strong", "sub", "sup", "table", "tbody", "td",
	"textarea", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul",
	"var", "video",
};

static const char *const html_attributes[] = {
	"abbr", "accept", "accept-charset", "accesskey", "action", "align",
	"alt", "autocomplete", "autofocus", "axis", "background", "balance",
	"bgcolor", "bgproperties", "border", "bordercolor", "bordercolordark",
	"bordercolorlight", "bottompadding", "cellpadding", "cellspacing",
	"ch", "challenge", "char", "charoff", "charset", "checked", "choff",
	"cite", "class", "clear", "color", "cols", "colspan", "compact",
	"contenteditable", "controls", "coords", "data", "datafld",
	"datapagesize", "datasrc", "datetime", "default", "delay", "dir",
	"disabled", "draggable", "dynsrc", "enctype", "end", "face", "for",
	"form", "frame", "galleryimg", "gutter", "headers", "height",
	"hidden", "hidefocus", "high", "href", "hreflang", "hspace", "icon",
	"id", "inputmode", "ismap", "keytype", "label", "lang", "leftspacing",
	"list", "longdesc", "loop", "loopcount", "loopend", "loopstart",
	"low", "lowsrc", "max", "maxlength", "media", "method", "min",
	"multiple", "name", "nohref", "noshade", "nowrap", "open", "optimum",
	"pattern", "ping", "point-size", "poster", "pqg", "preload", "prompt",
	"radiogroup", "readonly", "rel", "repeat-max", "repeat-min",
	"replace", "required", "rev", "rightspacing", "rows", "rowspan",
	"rules", "scope", "selected", "shape", "size", "span", "src", "start",
	"step", "style", "summary", "suppress", "tabindex", "target",
	"template", "title", "toppadding", "type", "unselectable", "urn",
	"usemap", "valign", "value", "variable", "volume", "vrml", "vspace",
	"width", "wrap", "xml:lang",
};

static const char *const mathml_elements[] = {
	"annotation", "annotation-xml", "maction", "maligngroup",
	"malignmark", "math", "menclose", "merror", "mfenced", "mfrac",
	"mglyph", "mi", "mlabeledtr", "mlongdiv", "mmultiscripts", "mn",
	"mo", "mover", "mpadded", "mphantom", "mprescripts", "mroot", "mrow",
	"ms", "mscarries", "mscarry", "msgroup", "msline", "mspace", "msqrt",
	"msrow", "mstack", "mstyle", "msub", "msubsup", "msup", "mtable",
	"mtd", "mtext", "mtr", "munder", "munderover", "none", "semantics",
};

static const char *const mathml_attributes[] = {
	"accent", "accentunder", "actiontype", "align", "alignmentscope",
	"altimg", "altimg-height", "altimg-valign", "altimg-width", "alttext",
	"bevelled", "charalign", "close", "columnalign", "columnlines",
	"columnspacing", "columnspan", "columnwidth", "crossout",
	"decimalpoint", "denomalign", "depth", "dir", "display",
	"displaystyle", "edge", "encoding", "equalcolumns", "equalrows",
	"fence", "fontstyle", "fontweight", "form", "frame", "framespacing",
	"groupalign", "height", "href", "id", "indentalign",
	"indentalignfirst", "indentalignlast", "indentshift",
	"indentshiftfirst", "indentshiftlast", "indenttarget",
	"infixlinebreakstyle", "largeop", "length", "linebreak",
	"linebreakmultchar", "linebreakstyle", "lineleading",
	"linethickness", "location", "longdivstyle", "lquote", "lspace",
	"mathbackground", "mathcolor", "mathsize", "mathvariant", "maxsize",
	"minlabelspacing", "minsize", "movablelimits", "notation", "numalign",
	"open", "other", "overflow", "position", "rowalign", "rowlines",
	"rowspacing", "rowspan", "rquote", "rspace", "scriptlevel",
	"scriptminsize", "scriptsizemultiplier", "selection", "separator",
	"separators", "shift", "side", "src", "stackalign", "stretchy",
	"subscriptshift", "superscriptshift", "symmetric", "voffset",
	"width", "xlink:href", "xlink:show", "xlink:type", "xmlns",
	"xmlns:xlink",
};

/* SVG names in their real case; matched in lower case. */
static const char *const svg_elements[] = {
	"a", "animate", "animateColor", "animateMotion", "animateTransform",
	"circle", "defs", "desc", "ellipse", "font-face", "font-face-name",
	"font-face-src", "foreignObject", "g", "glyph", "hkern", "line",
	"linearGradient", "marker", "metadata", "missing-glyph", "mpath",
	"path", "polygon", "polyline", "radialGradient", "rect", "set",
	"stop", "svg", "switch", "text", "title", "tspan", "use",
};

static const char *const svg_attributes[] = {
	"accent-height", "accumulate", "additive", "alphabetic",
	"arabic-form", "ascent", "attributeName", "attributeType",
	"baseProfile", "bbox", "begin", "by", "calcMode", "cap-height",
	"class", "color", "color-rendering", "content", "cx", "cy", "d",
	"descent", "display", "dur", "dx", "dy", "end", "fill",
	"fill-opacity", "fill-rule", "font-family", "font-size",
	"font-stretch", "font-style", "font-variant", "font-weight", "from",
	"fx", "fy", "g1", "g2", "glyph-name", "gradientUnits", "hanging",
	"height", "horiz-adv-x", "horiz-origin-x", "id", "ideographic", "k",
	"keyPoints", "keySplines", "keyTimes", "lang", "marker-end",
	"marker-mid", "marker-start", "markerHeight", "markerUnits",
	"markerWidth", "mathematical", "max", "min", "name", "offset",
	"opacity", "orient", "origin", "overline-position",
	"overline-thickness", "panose-1", "path", "pathLength", "points",
	"preserveAspectRatio", "r", "refX", "refY", "repeatCount",
	"repeatDur", "requiredExtensions", "requiredFeatures", "restart",
	"rotate", "rx", "ry", "slope", "stemh", "stemv", "stop-color",
	"stop-opacity", "strikethrough-position", "strikethrough-thickness",
	"stroke", "stroke-dasharray", "stroke-dashoffset", "stroke-linecap",
	"stroke-linejoin", "stroke-miterlimit", "stroke-opacity",
	"stroke-width", "systemLanguage", "target", "text-anchor", "to",
	"transform", "type", "u1", "u2", "underline-position",
	"underline-thickness", "unicode", "unicode-range", "units-per-em",
	"values", "version", "viewBox", "visibility", "width", "widths", "x",
	"x-height", "x1", "x2", "xlink:actuate", "xlink:arcrole",
	"xlink:href", "xlink:role", "xlink:show", "xlink:title",
	"xlink:type", "xml:base", "xml:lang", "xml:space", "xmlns",
	"xmlns:xlink", "y", "y1", "y2", "zoomAndPan",
};

static const char *const css_properties[] = {
	"azimuth", "background-color", "border-bottom-color",
	"border-collapse", "border-color", "border-left-color",
	"border-right-color", "border-top-color", "clear", "color", "cursor",
	"direction", "display", "elevation", "float", "font", "font-family",
	"font-size", "font-style", "font-variant", "font-weight", "height",
	"letter-spacing", "line-height", "overflow", "pause", "pause-after",
	"pause-before", "pitch", "pitch-range", "richness", "speak",
	"speak-header", "speak-numeral", "speak-punctuation", "speech-rate",
	"stress", "text-align", "text-decoration", "text-indent",
	"unicode-bidi", "vertical-align", "voice-family", "volume",
	"white-space", "width",
};

static const char *const css_keywords[] = {
	"!important", "aqua", "auto", "black", "block", "blue", "bold",
	"both", "bottom", "brown", "center", "collapse", "dashed", "dotted",
	"fuchsia", "gray", "green", "italic", "left", "lime", "maroon",
	"medium", "navy", "none", "normal", "nowrap", "olive", "pointer",
	"purple", "red", "right", "silver", "solid", "teal", "top",
	"transparent", "underline", "white", "yellow",
};

static const char *const svg_properties[] = {
	"fill", "fill-opacity", "fill-rule", "stroke", "stroke-linecap",
	"stroke-linejoin", "stroke-opacity", "stroke-width",
};

#define IN(list, s) in_sorted(list, sizeof(list) / sizeof(*list), s)

static int cmp_str(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

static int in_sorted(const char *const *list, size_t n, const char *s)
{
	return bsearch(s, list, n, sizeof(*list), cmp_str) != NULL;
}

/* The SVG name in its real case for a lower-case one, or NULL. */
static const char *svg_case(const char *const *list, size_t n,
			    const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(list[i], s))
			return list[i];
	return NULL;
}

#define SVG_ELEM(s) \
	svg_case(svg_elements, sizeof(svg_elements) / sizeof(*svg_elements), s)
#define SVG_ATTR(s) \
	svg_case(svg_attributes, \
		 sizeof(svg_attributes) / sizeof(*svg_attributes), s)

int fp_html_acceptable_element(const char *name, size_t n)
{
	char tmp[32];

	if (n == 0 || n >= sizeof(tmp))
		return 0;
	for (size_t i = 0; i < n; i++)
		tmp[i] = (char)tolower((unsigned char)name[i]);
	tmp[n] = '\0';
	return IN(html_elements, tmp);
}

static int unacceptable_with_end(const char *tag)
{
	return !strcmp(tag, "applet") || !strcmp(tag, "script") ||
	       !strcmp(tag, "style");
}

static int css_word(unsigned char c)
{
	return isalnum(c) || c == '_' || c >= 0x80;
}

/* feedparser's "gauntlet": the style may only hold these pieces. */
static int style_gauntlet(const char *s)
{
	size_t n = strlen(s);
	char *reach = calloc(n + 1, 1);
	int ok;

	if (!reach)
		return 0;
	reach[0] = 1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!reach[i])
			continue;
		if (strchr(":,;#%.!", c) || isspace(c) || isalnum(c))
			reach[i + 1] = 1;
		if (i + 2 < n && css_word(c) && s[i + 1] == '-' &&
		    css_word((unsigned char)s[i + 2]))
			reach[i + 3] = 1;
		if (c == '\'' || c == '"') {
			size_t j = i + 1;

			while (j < n && (css_word((unsigned char)s[j]) ||
					 isspace((unsigned char)s[j])))
				j++;
			if (j > i + 1 && j < n && s[j] == (char)c)
				reach[j + 1] = 1;
		}
		if (c == '(') {
			size_t j = i + 1;

			while (j < n && (isdigit((unsigned char)s[j]) ||
					 s[j] == ',' ||
					 isspace((unsigned char)s[j])))
				j++;
			if (j > i + 1 && j < n && s[j] == ')')
				reach[j + 1] = 1;
		}
	}
	ok = reach[n];
	free(reach);
	return ok;
}

/* A declaration "\s*[-\w]+\s*:\s*[^:;]*;?" at s: its length (0: none);
 * the property and value spans are returned. */
static size_t css_decl(const char *s, const char **prop, size_t *plen,
		       const char **val, size_t *vlen, int lead_space)
{
	const char *p = s;

	if (lead_space)
		while (isspace((unsigned char)*p))
			p++;
	*prop = p;
	while (css_word((unsigned char)*p) || *p == '-')
		p++;
	*plen = (size_t)(p - *prop);
	if (!*plen)
		return 0;
	while (isspace((unsigned char)*p))
		p++;
	if (*p != ':')
		return 0;
	p++;
	while (isspace((unsigned char)*p))
		p++;
	*val = p;
	while (*p && *p != ':' && *p != ';')
		p++;
	*vlen = (size_t)(p - *val);
	if (lead_space && *p == ';')
		p++;
	return (size_t)(p - s);
}

/* valid_css_values: "#hex", "rgb(...)" or a small size with a unit. */
static int css_value_ok(const char *k, size_t n)
{
	size_t i = 0, d;
	static const char *const units[] = { "cm", "em", "ex", "in", "mm",
					     "pc", "pt", "px", "%", ",", ")" };

	if (n && k[0] == '#') {
		for (i = 1; i < n; i++)
			if (!isdigit((unsigned char)k[i]) &&
			    !(k[i] >= 'a' && k[i] <= 'f'))
				return 0;
		return n > 1;
	}
	if (n >= 4 && !strncmp(k, "rgb(", 4)) {
		i = 4;
		for (d = 0; i < n && isdigit((unsigned char)k[i]); i++)
			d++;
		if (!d)
			return 0;
		if (i < n && k[i] == '%')
			i++;
		if (i >= n || k[i] != ',')
			return 0;
		i++;
		while (i < n && isdigit((unsigned char)k[i]))
			i++;
		if (i < n && k[i] == '%')
			i++;
		if (i < n && k[i] == ',')
			i++;
		while (i < n && isdigit((unsigned char)k[i]))
			i++;
		if (i < n && k[i] == '%')
			i++;
		if (i < n && k[i] == ')')
			i++;
		return i == n;
	}
	for (d = 0; i < n && d < 2 && isdigit((unsigned char)k[i]); d++)
		i++;
	if (i < n && k[i] == '.')
		i++;
	for (d = 0; i < n && d < 2 && isdigit((unsigned char)k[i]); d++)
		i++;
	if (i == n)
		return 1;
	for (size_t u = 0; u < sizeof(units) / sizeof(*units); u++)
		if (n - i == strlen(units[u]) &&
		    !strncmp(k + i, units[u], n - i))
			return 1;
	return 0;
}

static int keywords_ok(const char *v, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t b;
		char kw[64];

		while (i < n && isspace((unsigned char)v[i]))
			i++;
		if (i == n)
			break;
		b = i;
		while (i < n && !isspace((unsigned char)v[i]))
			i++;
		if (i - b < sizeof(kw)) {
			memcpy(kw, v + b, i - b);
			kw[i - b] = '\0';
			if (IN(css_keywords, kw))
				continue;
		}
		if (!css_value_ok(v + b, i - b))
			return 0;
	}
	return 1;
}

/* background-*, border-*, margin-*, padding-*: allowed when every
 * keyword of the value is a known one or a plain size or colour. */
static int box_property(const char *name)
{
	const char *dash = strchr(name, '-');
	size_t n = dash ? (size_t)(dash - name) : strlen(name);
	static const char *const boxes[] = { "background", "border", "margin",
					     "padding" };

	for (size_t i = 0; i < sizeof(boxes) / sizeof(*boxes); i++)
		if (strlen(boxes[i]) == n && !strncmp(name, boxes[i], n))
			return 1;
	return 0;
}

/* "url\s*(\s*X\s*)\s*" at p (X without blanks or ')'): its length, or
 * 0 when there is none. */
static size_t url_call(const char *p)
{
	const char *q = p + 3, *e;

	if (strncmp(p, "url", 3))
		return 0;
	while (isspace((unsigned char)*q))
		q++;
	if (*q++ != '(')
		return 0;
	while (isspace((unsigned char)*q))
		q++;
	for (e = q; *e && !isspace((unsigned char)*e) && *e != ')'; e++)
		;
	if (e == q)
		return 0;
	while (isspace((unsigned char)*e))
		e++;
	if (*e++ != ')')
		return 0;
	while (isspace((unsigned char)*e))
		e++;
	return (size_t)(e - p);
}

/* feedparser's sanitize_style: url() removed; only listed properties
 * survive, each as "prop: value;", joined by spaces. */
static const char *sanitize_style(struct fp_html *h, const char *style)
{
	struct buf s = BUF_INIT, out = BUF_INIT;
	const char *p, *prop, *val, *r = "";
	size_t plen, vlen, len;

	/* url(...) and the blanks after it become one space. */
	for (p = style; *p;) {
		len = url_call(p);
		if (len) {
			buf_addch(&s, ' ');
			p += len;
		} else {
			buf_addch(&s, *p++);
		}
	}
	if (!style_gauntlet(s.data))
		goto out;
	/* Nothing may be left once the declarations are taken out. */
	for (p = s.data; *p;) {
		len = css_decl(p, &prop, &plen, &val, &vlen, 1);
		if (len) {
			p += len;
			continue;
		}
		if (!isspace((unsigned char)*p))
			goto out;
		p++;
	}
	for (p = s.data; *p;) {
		char name[64];

		len = css_decl(p, &prop, &plen, &val, &vlen, 0);
		if (!len) {
			p++;
			continue;
		}
		p += len;
		if (!vlen || plen >= sizeof(name))
			continue;
		for (size_t i = 0; i < plen; i++)
			name[i] = (char)tolower((unsigned char)prop[i]);
		name[plen] = '\0';
		if (IN(css_properties, name) ||
		    (box_property(name) && keywords_ok(val, vlen)) ||
		    (h->svg_ok && IN(svg_properties, name))) {
			if (out.len)
				buf_addch(&out, ' ');
			buf_addf(&out, "%.*s: %.*s;", (int)plen, prop,
				 (int)vlen, val);
		}
	}
	r = arena_strndup(h->a, out.data, out.len);
out:
	buf_release(&s);
	buf_release(&out);
	return r;
}

static int has_attr(const struct fp_hattr *attrs, size_t n, const char *k,
		    const char *v)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(attrs[i].k, k) && (!v || !strcmp(attrs[i].v, v)))
			return 1;
	return 0;
}

void fp_sanitize_start(struct fp_html *h, const char *tag,
		       struct fp_hattr *attrs, size_t n)
{
	enum { HTML, MATHML, SVG } kind = HTML;
	struct fp_hattr *all, *clean;
	size_t m = 0;

	/* Room for the implicit xmlns and xmlns:xlink. */
	all = arena_alloc(h->a, (n + 2) * sizeof(*all));
	if (n)
		memcpy(all, attrs, n * sizeof(*all));
	if (!IN(html_elements, tag) || h->svg_ok) {
		if (unacceptable_with_end(tag))
			h->unacceptable++;
		if (fp_endswith(h->type, "html") &&
		    !has_attr(all, n, "xmlns", NULL)) {
			if (!strcmp(tag, "svg")) {
				all[n].k = "xmlns";
				all[n++].v = SVG_NS;
			} else if (!strcmp(tag, "math")) {
				all[n].k = "xmlns";
				all[n++].v = MATHML_NS;
			}
		}
		if (!strcmp(tag, "math") &&
		    has_attr(all, n, "xmlns", MATHML_NS))
			h->mathml_ok++;
		if (!strcmp(tag, "svg") && has_attr(all, n, "xmlns", SVG_NS))
			h->svg_ok++;
		if (h->mathml_ok && IN(mathml_elements, tag))
			kind = MATHML;
		else if (h->svg_ok && SVG_ELEM(tag)) {
			kind = SVG;
			tag = SVG_ELEM(tag);
		} else if (!IN(html_elements, tag))
			return;
	}
	if (h->mathml_ok || h->svg_ok) {
		int xlink = 0;

		for (size_t i = 0; i < n; i++)
			xlink |= fp_startswith(all[i].k, "xlink:");
		if (xlink && !has_attr(all, n, "xmlns:xlink", XLINK_NS)) {
			all[n].k = "xmlns:xlink";
			all[n++].v = XLINK_NS;
		}
	}
	n = fp_html_normalize_attrs(h, all, n);
	clean = arena_alloc(h->a, (n + 1) * sizeof(*clean));
	for (size_t i = 0; i < n; i++) {
		const char *k = all[i].k, *v = all[i].v;
		int ok;

		if (kind == MATHML)
			ok = IN(mathml_attributes, k);
		else if (kind == SVG)
			ok = SVG_ATTR(k) != NULL;
		else
			ok = IN(html_attributes, k);
		if (!strcmp(k, "style") && kind == HTML) {
			v = sanitize_style(h, v);
			if (*v) {
				clean[m].k = k;
				clean[m++].v = v;
			}
		} else if (ok) {
			if (kind == SVG)
				k = SVG_ATTR(k);
			if (!strcmp(k, "href"))
				v = fp_safe_uri(h->a, v, NULL);
			clean[m].k = k;
			clean[m++].v = v;
		}
	}
	fp_html_emit_start(h, tag, clean, m);
}

void fp_sanitize_end(struct fp_html *h, const char *tag)
{
	if (!IN(html_elements, tag)) {
		if (unacceptable_with_end(tag))
			h->unacceptable--;
		if (h->mathml_ok && IN(mathml_elements, tag)) {
			if (!strcmp(tag, "math"))
				h->mathml_ok--;
		} else if (h->svg_ok && SVG_ELEM(tag)) {
			tag = SVG_ELEM(tag);
			if (!strcmp(tag, "svg"))
				h->svg_ok--;
		} else {
			return;
		}
	}
	fp_html_emit_end(h, tag);
}
