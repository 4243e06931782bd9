-- 009_alert_handover: an alert is sent at most once.
--
-- The moment a message's last bytes leave is recorded ('handed'), under
-- an advisory lock its sender holds until it writes the outcome.  A
-- 'handed' row whose lock is free belongs to a run that died after the
-- receiver may have taken the message: the next run marks it 'unknown'
-- and does not send it again; a person settles it ("mediamon alerts
-- resend" or "alerts confirm"), recorded in settled_by/settled_at.
ALTER TABLE alerts DROP CONSTRAINT alerts_status_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_status_check
	CHECK (status IN ('pending', 'handed', 'sent', 'failed', 'unknown'));
ALTER TABLE alerts ADD COLUMN settled_by text;
ALTER TABLE alerts ADD COLUMN settled_at timestamptz;
