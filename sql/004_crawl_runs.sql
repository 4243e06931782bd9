-- 004_crawl_runs.sql - how a crawl run ended (issue 16).  A run holds a
-- session advisory lock on its own id while it works; a run killed before
-- it finished (power cut, OOM killer, a kill -9) leaves its row
-- 'running' and its lock free, and the next run closes it as
-- 'interrupted', with the time of its last fetch as finished_at.

ALTER TABLE crawl_runs ADD COLUMN status text NOT NULL DEFAULT 'running'
	CHECK (status IN ('running', 'finished', 'interrupted'));
UPDATE crawl_runs SET status = 'finished' WHERE finished_at IS NOT NULL;
CREATE INDEX crawl_runs_running_idx ON crawl_runs (id)
	WHERE status = 'running';

-- The pages a feed announced and no run fetched yet (a run killed between
-- the feed and its pages), per source: fetched at the next run whatever
-- the feed's validators say.
CREATE INDEX articles_pending_idx ON articles (source_id, id)
	WHERE page_status IN ('pending', 'failed');
