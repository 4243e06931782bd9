/*
 * digest_json.c - the digest as one JSON object, for scripts and the web
 * API.  The keys are a contract (README.md, "The digest"): new keys may
 * be added, none renamed.
 */
#include "digest.h"
#include "common/json.h"
#include "common/utf8.h"

#include <string.h>

static void totals(struct jw *w, const struct digest_totals *t)
{
	jw_obj_begin(w);
	jw_key(w, "articles");
	jw_int(w, t->articles);
	jw_key(w, "mentions");
	jw_int(w, t->mentions);
	jw_key(w, "positive");
	jw_int(w, t->positive);
	jw_key(w, "neutral");
	jw_int(w, t->neutral);
	jw_key(w, "negative");
	jw_int(w, t->negative);
	jw_obj_end(w);
}

static void mentions(struct jw *w, const struct digest *d)
{
	jw_arr_begin(w);
	for (int i = 0; i < d->n_mentions; i++) {
		const struct digest_mention *m = &d->mentions[i];

		jw_obj_begin(w);
		jw_key(w, "url");
		jw_str(w, m->url);
		jw_key(w, "source");
		jw_str(w, m->source);
		jw_key(w, "title");
		jw_str(w, m->title);
		jw_key(w, "published");
		jw_str(w, m->published);
		jw_key(w, "tonality");
		jw_str(w, m->tonality);
		jw_key(w, "evidence");
		/* jsonb's text is JSON; in a database of another encoding
		 * it might not be UTF-8, and then it is left out */
		if (m->evidence && utf8_valid(m->evidence,
					      strlen(m->evidence)))
			jw_raw(w, m->evidence, strlen(m->evidence));
		else
			jw_null(w);
		jw_key(w, "media_index");
		jw_num(w, m->media_index);
		jw_key(w, "story_id");
		if (m->story_id)
			jw_int(w, m->story_id);
		else
			jw_null(w);
		jw_key(w, "article_id");
		jw_int(w, m->article_id);
		jw_key(w, "sentence");
		jw_str(w, m->sentence);
		jw_key(w, "words");
		jw_str(w, m->words);
		jw_key(w, "analyst_note");
		jw_str(w, m->analyst_note);
		jw_key(w, "story_outlets");
		jw_int(w, m->story_outlets);
		jw_key(w, "response_url");
		jw_str(w, m->response_url);
		jw_key(w, "response_kind");
		jw_str(w, m->response_kind);
		jw_key(w, "response_hours");
		if (m->response_url)
			jw_num(w, m->response_hours);
		else
			jw_null(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void violations(struct jw *w, const struct digest *d)
{
	jw_arr_begin(w);
	for (int i = 0; i < d->n_violations; i++) {
		const struct digest_violation *v = &d->violations[i];

		jw_obj_begin(w);
		jw_key(w, "case_id");
		if (v->case_id)
			jw_int(w, v->case_id);
		else
			jw_null(w);
		jw_key(w, "url");
		jw_str(w, v->url);
		jw_key(w, "source");
		jw_str(w, v->source);
		jw_key(w, "title");
		jw_str(w, v->title);
		jw_key(w, "category");
		jw_str(w, v->category);
		jw_key(w, "region");
		jw_str(w, *v->region ? v->region : NULL);
		jw_key(w, "department");
		jw_str(w, *v->department ? v->department : NULL);
		jw_key(w, "regional_office");
		jw_str(w, *v->regional_office ? v->regional_office : NULL);
		jw_key(w, "stage");
		jw_str(w, v->stage);
		jw_key(w, "status");
		jw_str(w, v->status);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void releases(struct jw *w, const struct digest *d)
{
	jw_arr_begin(w);
	for (int i = 0; i < d->n_releases; i++) {
		const struct digest_release *r = &d->releases[i];

		jw_obj_begin(w);
		jw_key(w, "url");
		jw_str(w, r->url);
		jw_key(w, "title");
		jw_str(w, r->title);
		jw_key(w, "published");
		jw_str(w, r->published);
		jw_key(w, "pickups");
		jw_arr_begin(w);
		for (int k = 0; k < r->n_pickups; k++) {
			const struct digest_pickup *p = &r->pickups[k];

			jw_obj_begin(w);
			jw_key(w, "url");
			jw_str(w, p->url);
			jw_key(w, "source");
			jw_str(w, p->source);
			jw_key(w, "published");
			jw_str(w, p->published);
			jw_key(w, "tonality");
			jw_str(w, *p->tonality ? p->tonality : NULL);
			jw_key(w, "hours");
			jw_num(w, p->hours);
			jw_obj_end(w);
		}
		jw_arr_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void stories(struct jw *w, const struct digest *d)
{
	jw_arr_begin(w);
	for (int i = 0; i < d->n_stories; i++) {
		const struct digest_story *s = &d->stories[i];

		jw_obj_begin(w);
		jw_key(w, "id");
		jw_int(w, s->id);
		jw_key(w, "title");
		jw_str(w, s->title);
		jw_key(w, "articles");
		jw_int(w, s->articles);
		jw_key(w, "outlets");
		jw_int(w, s->outlets);
		jw_key(w, "original_url");
		jw_str(w, *s->url ? s->url : NULL);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

void digest_json_materials(const struct digest *d, struct buf *out)
{
	struct jw w;

	jw_init(&w, out);
	mentions(&w, d);
}

void digest_json(const struct digest *d, struct buf *out)
{
	digest_json_with(d, NULL, out);
}

void digest_json_with(const struct digest *d, const struct buf *materials,
		      struct buf *out)
{
	struct jw w;
	char day[11];

	day_format(&d->day, day);
	jw_init(&w, out);
	jw_obj_begin(&w);
	jw_key(&w, "date");
	jw_str(&w, day);
	jw_key(&w, "totals");
	totals(&w, &d->totals);
	jw_key(&w, "previous_7_day_average");
	jw_obj_begin(&w);
	jw_key(&w, "articles");
	jw_num(&w, d->avg_articles);
	jw_key(&w, "mentions");
	jw_num(&w, d->avg_mentions);
	jw_key(&w, "positive");
	jw_num(&w, d->avg_positive);
	jw_key(&w, "neutral");
	jw_num(&w, d->avg_neutral);
	jw_key(&w, "negative");
	jw_num(&w, d->avg_negative);
	jw_obj_end(&w);
	jw_key(&w, "mentions");
	if (materials)
		jw_raw(&w, materials->data, materials->len);
	else
		mentions(&w, d);
	jw_key(&w, "violations");
	violations(&w, d);
	jw_key(&w, "press_releases");
	releases(&w, d);
	jw_key(&w, "stories");
	stories(&w, d);
	jw_key(&w, "sources_failed");
	jw_arr_begin(&w);
	for (int i = 0; i < d->n_problems; i++) {
		jw_obj_begin(&w);
		jw_key(&w, "source");
		jw_str(&w, d->problems[i].source);
		jw_key(&w, "status");
		jw_str(&w, d->problems[i].status);
		jw_key(&w, "error");
		jw_str(&w, *d->problems[i].error ? d->problems[i].error : NULL);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_key(&w, "unanswered");
	jw_arr_begin(&w);
	for (int i = 0; i < d->unanswered; i++) {
		const struct digest_mention *m = &d->unanswered_items[i];

		jw_obj_begin(&w);
		jw_key(&w, "url");
		jw_str(&w, m->url);
		jw_key(&w, "source");
		jw_str(&w, m->source);
		jw_key(&w, "title");
		jw_str(&w, m->title);
		jw_key(&w, "published");
		jw_str(&w, m->local_time);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_key(&w, "review_due");
	jw_bool(&w, d->review_due);
	jw_key(&w, "reviewed");
	jw_str(&w, d->reviewed);
	jw_key(&w, "timezone");
	jw_str(&w, d->timezone);
	jw_key(&w, "lang");
	jw_str(&w, d->lang);
	jw_obj_end(&w);
	buf_addch(out, '\n');
}
