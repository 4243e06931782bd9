-- 003_cases.sql - routing of reported violations to the departments and
-- regional offices that answer for them, cases with their workflow and
-- history, alerts that are delivered once, and the press department's
-- answers to criticism.
--
-- The office's structure comes from routing.yaml (digest/routing.yaml
-- ships a default) and is synchronised at every routing run, as sources
-- are from sources.yaml: rows are never deleted, only marked inactive.

-- ---- the office's units ----

ALTER TABLE departments ADD COLUMN active boolean NOT NULL DEFAULT true;

-- A regional office may answer for several regions (a city and its
-- oblast); regions are the lexicon's ids.
ALTER TABLE regional_offices ADD COLUMN code text;
UPDATE regional_offices SET code = region;
ALTER TABLE regional_offices ALTER COLUMN code SET NOT NULL;
ALTER TABLE regional_offices ADD CONSTRAINT regional_offices_code_key
	UNIQUE (code);
ALTER TABLE regional_offices ALTER COLUMN region DROP NOT NULL;
ALTER TABLE regional_offices DROP CONSTRAINT regional_offices_region_key;
ALTER TABLE regional_offices ADD COLUMN active boolean NOT NULL
	DEFAULT true;
CREATE TABLE regional_office_regions (
	region text PRIMARY KEY,
	office_id integer NOT NULL REFERENCES regional_offices (id)
);
INSERT INTO regional_office_regions (region, office_id)
SELECT region, id FROM regional_offices WHERE region IS NOT NULL;

-- ---- cases ----

-- A case is one reported violation (one category in one story: five
-- outlets reporting one event make one case), routed to a department and,
-- unless national, a regional office.
ALTER TABLE cases DROP CONSTRAINT cases_status_check;
UPDATE cases SET status = CASE status WHEN 'assigned' THEN 'sent'
				      WHEN 'in_progress' THEN 'in_review'
				      ELSE status END;
ALTER TABLE cases ADD CONSTRAINT cases_status_check
	CHECK (status IN ('new', 'sent', 'in_review', 'closed', 'rejected'));
ALTER TABLE cases ADD COLUMN story_id bigint
	REFERENCES stories (id) ON DELETE SET NULL;
ALTER TABLE cases ADD COLUMN article_id bigint
	REFERENCES articles (id) ON DELETE SET NULL;
ALTER TABLE cases ADD COLUMN stage text;
ALTER TABLE cases ADD COLUMN resolution text;
ALTER TABLE cases ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
-- one case per category and story
CREATE UNIQUE INDEX cases_story_category_idx ON cases (story_id, category)
	WHERE story_id IS NOT NULL;
CREATE INDEX cases_status_idx ON cases (status, department_id);

ALTER TABLE case_history ADD COLUMN from_status text;
ALTER TABLE case_history RENAME COLUMN status TO to_status;
CREATE INDEX case_history_case_idx ON case_history (case_id, changed_at);

-- Why a violation was not made a case: its stage ('decided' ones are
-- kept for the record), its category (logged, not sent), its country.
ALTER TABLE violations ADD COLUMN route_note text;

-- ---- alerts: each delivery recorded before it is attempted ----

-- One row per message and recipient.  The intent is written first
-- ('pending'), the message sent, then marked 'sent'; a run killed in
-- between leaves it pending and the next run sends it with the same
-- message_id, so a receiver can tell a retry from a new alert.  A failed
-- attempt is retried at next_attempt_at (exponential backoff).
DROP INDEX alerts_once_idx;
ALTER TABLE alerts DROP CONSTRAINT alerts_status_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_status_check
	CHECK (status IN ('pending', 'sent', 'failed'));
ALTER TABLE alerts ALTER COLUMN status SET DEFAULT 'pending';
ALTER TABLE alerts ADD COLUMN story_id bigint
	REFERENCES stories (id) ON DELETE CASCADE;
-- what the alert is about, as one key: "case:12", "negative:345",
-- "resonance:67"
ALTER TABLE alerts ADD COLUMN subject_key text;
UPDATE alerts SET subject_key = kind || ':' ||
	coalesce(case_id, article_id, id)::text;
ALTER TABLE alerts ALTER COLUMN subject_key SET NOT NULL;
ALTER TABLE alerts ADD COLUMN message_id text;
ALTER TABLE alerts ADD COLUMN attempts integer NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN next_attempt_at timestamptz NOT NULL
	DEFAULT now();
ALTER TABLE alerts ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE alerts ALTER COLUMN sent_at DROP NOT NULL;
ALTER TABLE alerts ALTER COLUMN sent_at DROP DEFAULT;
CREATE UNIQUE INDEX alerts_once_idx
	ON alerts (subject_key, channel, recipient);
CREATE INDEX alerts_pending_idx ON alerts (next_attempt_at)
	WHERE status <> 'sent';

-- ---- the press department's answers to criticism ----

CREATE TABLE responses (
	id bigserial PRIMARY KEY,
	article_id bigint NOT NULL REFERENCES articles (id)
		ON DELETE CASCADE,
	url text NOT NULL,
	kind text NOT NULL DEFAULT 'statement'
		CHECK (kind IN ('briefing', 'statement', 'refutation')),
	responded_at timestamptz NOT NULL DEFAULT now(),
	responded_by text NOT NULL DEFAULT current_user,
	UNIQUE (article_id, url)
);

-- ---- views ----

-- v_violations keeps its columns; the department and regional office
-- come from the case when there is one, else from where routing would
-- send the violation.  status: the case's, 'not_routed' when routing
-- decided against a case (route_note says why), else 'unrouted'.
CREATE OR REPLACE VIEW v_violations AS
SELECT v.article_id, v.case_id, s.name AS source, a.canonical_url AS url,
       a.published, v.category, coalesce(c.region, v.region) AS region,
       d.code AS department, ro.name AS regional_office,
       coalesce(c.status, CASE WHEN v.route_note IS NOT NULL
			       THEN 'not_routed' ELSE 'unrouted' END)
	       AS status,
       v.stage, v.country, v.id AS violation_id, v.route_note
FROM violations v
JOIN articles a ON a.id = v.article_id
JOIN sources s ON s.id = a.source_id
LEFT JOIN cases c ON c.id = v.case_id
LEFT JOIN department_categories dc ON dc.category = v.category
LEFT JOIN departments d ON d.id = coalesce(c.department_id, dc.department_id)
LEFT JOIN regional_office_regions rr ON rr.region = v.region
LEFT JOIN regional_offices ro
	ON ro.id = CASE WHEN c.id IS NOT NULL THEN c.regional_office_id
			ELSE rr.office_id END;

-- Cases with where they came from and where they went.
CREATE VIEW v_cases AS
SELECT c.id AS case_id, c.status, c.category, c.stage, c.region,
       d.code AS department, d.name AS department_name,
       ro.code AS regional_office, ro.name AS regional_office_name,
       a.canonical_url AS url, coalesce(c.title, a.title) AS title,
       s.name AS source, a.published, c.opened_at, c.updated_at,
       c.closed_at, c.resolution, c.story_id,
       (SELECT count(*) FROM violations v WHERE v.case_id = c.id)
	       AS reports
FROM cases c
LEFT JOIN departments d ON d.id = c.department_id
LEFT JOIN regional_offices ro ON ro.id = c.regional_office_id
LEFT JOIN articles a ON a.id = c.article_id
LEFT JOIN sources s ON s.id = a.source_id;
