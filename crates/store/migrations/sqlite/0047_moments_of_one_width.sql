-- Moments as text of one width. Until now a moment was stored as jiff writes it, which drops the fraction's
-- trailing zeros (`2026-12-06T15:55:56Z`, `…:56.12Z`), so the texts did not sort as the moments within one
-- second (`'…:56Z' > '…:56.5Z'`) and a range from a moment (the log's export `--since`, the research export's period)
-- could miss or take records within its second. Moments are now written with exactly six fraction digits
-- (`Moment` in src/sql.rs; Regie keeps moments to the microsecond); this pads every stored one the same way.
-- A NULL, or a text already 27 characters long, is left as it is.

UPDATE households SET created_at = substr(created_at, 1, 19) || '.' || substr(CASE WHEN substr(created_at, 20, 1) = '.' THEN substr(created_at, 21, length(created_at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(created_at) <> 27 AND created_at LIKE '____-__-__T__:__:__%Z';
UPDATE persons SET created_at = substr(created_at, 1, 19) || '.' || substr(CASE WHEN substr(created_at, 20, 1) = '.' THEN substr(created_at, 21, length(created_at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(created_at) <> 27 AND created_at LIKE '____-__-__T__:__:__%Z';
UPDATE api_tokens SET created_at = substr(created_at, 1, 19) || '.' || substr(CASE WHEN substr(created_at, 20, 1) = '.' THEN substr(created_at, 21, length(created_at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(created_at) <> 27 AND created_at LIKE '____-__-__T__:__:__%Z';
UPDATE cases SET opened_at = substr(opened_at, 1, 19) || '.' || substr(CASE WHEN substr(opened_at, 20, 1) = '.' THEN substr(opened_at, 21, length(opened_at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(opened_at) <> 27 AND opened_at LIKE '____-__-__T__:__:__%Z';
UPDATE cases SET closed_at = substr(closed_at, 1, 19) || '.' || substr(CASE WHEN substr(closed_at, 20, 1) = '.' THEN substr(closed_at, 21, length(closed_at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(closed_at) <> 27 AND closed_at LIKE '____-__-__T__:__:__%Z';
UPDATE case_events SET at = substr(at, 1, 19) || '.' || substr(CASE WHEN substr(at, 20, 1) = '.' THEN substr(at, 21, length(at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(at) <> 27 AND at LIKE '____-__-__T__:__:__%Z';
UPDATE signal_events SET at = substr(at, 1, 19) || '.' || substr(CASE WHEN substr(at, 20, 1) = '.' THEN substr(at, 21, length(at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(at) <> 27 AND at LIKE '____-__-__T__:__:__%Z';
UPDATE meldcode_records SET at = substr(at, 1, 19) || '.' || substr(CASE WHEN substr(at, 20, 1) = '.' THEN substr(at, 21, length(at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(at) <> 27 AND at LIKE '____-__-__T__:__:__%Z';
UPDATE processing_log SET at = substr(at, 1, 19) || '.' || substr(CASE WHEN substr(at, 20, 1) = '.' THEN substr(at, 21, length(at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(at) <> 27 AND at LIKE '____-__-__T__:__:__%Z';
UPDATE family_contributions SET at = substr(at, 1, 19) || '.' || substr(CASE WHEN substr(at, 20, 1) = '.' THEN substr(at, 21, length(at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(at) <> 27 AND at LIKE '____-__-__T__:__:__%Z';
UPDATE emergency_access SET at = substr(at, 1, 19) || '.' || substr(CASE WHEN substr(at, 20, 1) = '.' THEN substr(at, 21, length(at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(at) <> 27 AND at LIKE '____-__-__T__:__:__%Z';
UPDATE emergency_access SET until = substr(until, 1, 19) || '.' || substr(CASE WHEN substr(until, 20, 1) = '.' THEN substr(until, 21, length(until) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(until) <> 27 AND until LIKE '____-__-__T__:__:__%Z';
UPDATE parental_authority SET recorded_at = substr(recorded_at, 1, 19) || '.' || substr(CASE WHEN substr(recorded_at, 20, 1) = '.' THEN substr(recorded_at, 21, length(recorded_at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(recorded_at) <> 27 AND recorded_at LIKE '____-__-__T__:__:__%Z';
UPDATE destructions SET at = substr(at, 1, 19) || '.' || substr(CASE WHEN substr(at, 20, 1) = '.' THEN substr(at, 21, length(at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(at) <> 27 AND at LIKE '____-__-__T__:__:__%Z';
UPDATE password_resets SET at = substr(at, 1, 19) || '.' || substr(CASE WHEN substr(at, 20, 1) = '.' THEN substr(at, 21, length(at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(at) <> 27 AND at LIKE '____-__-__T__:__:__%Z';
UPDATE second_factor_resets SET at = substr(at, 1, 19) || '.' || substr(CASE WHEN substr(at, 20, 1) = '.' THEN substr(at, 21, length(at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(at) <> 27 AND at LIKE '____-__-__T__:__:__%Z';
UPDATE recovery_codes SET used_at = substr(used_at, 1, 19) || '.' || substr(CASE WHEN substr(used_at, 20, 1) = '.' THEN substr(used_at, 21, length(used_at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(used_at) <> 27 AND used_at LIKE '____-__-__T__:__:__%Z';
UPDATE sign_in_attempts SET last_at = substr(last_at, 1, 19) || '.' || substr(CASE WHEN substr(last_at, 20, 1) = '.' THEN substr(last_at, 21, length(last_at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(last_at) <> 27 AND last_at LIKE '____-__-__T__:__:__%Z';
UPDATE sign_in_challenges SET expires_at = substr(expires_at, 1, 19) || '.' || substr(CASE WHEN substr(expires_at, 20, 1) = '.' THEN substr(expires_at, 21, length(expires_at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(expires_at) <> 27 AND expires_at LIKE '____-__-__T__:__:__%Z';
UPDATE web_sessions SET created_at = substr(created_at, 1, 19) || '.' || substr(CASE WHEN substr(created_at, 20, 1) = '.' THEN substr(created_at, 21, length(created_at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(created_at) <> 27 AND created_at LIKE '____-__-__T__:__:__%Z';
UPDATE web_sessions SET expires_at = substr(expires_at, 1, 19) || '.' || substr(CASE WHEN substr(expires_at, 20, 1) = '.' THEN substr(expires_at, 21, length(expires_at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(expires_at) <> 27 AND expires_at LIKE '____-__-__T__:__:__%Z';
UPDATE oidc_logins SET expires_at = substr(expires_at, 1, 19) || '.' || substr(CASE WHEN substr(expires_at, 20, 1) = '.' THEN substr(expires_at, 21, length(expires_at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(expires_at) <> 27 AND expires_at LIKE '____-__-__T__:__:__%Z';
UPDATE webhook_subscriptions SET created_at = substr(created_at, 1, 19) || '.' || substr(CASE WHEN substr(created_at, 20, 1) = '.' THEN substr(created_at, 21, length(created_at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(created_at) <> 27 AND created_at LIKE '____-__-__T__:__:__%Z';
UPDATE webhook_subscriptions SET ended_at = substr(ended_at, 1, 19) || '.' || substr(CASE WHEN substr(ended_at, 20, 1) = '.' THEN substr(ended_at, 21, length(ended_at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(ended_at) <> 27 AND ended_at LIKE '____-__-__T__:__:__%Z';
UPDATE webhook_subscriptions SET lease_until = substr(lease_until, 1, 19) || '.' || substr(CASE WHEN substr(lease_until, 20, 1) = '.' THEN substr(lease_until, 21, length(lease_until) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(lease_until) <> 27 AND lease_until LIKE '____-__-__T__:__:__%Z';
UPDATE webhook_outbox SET at = substr(at, 1, 19) || '.' || substr(CASE WHEN substr(at, 20, 1) = '.' THEN substr(at, 21, length(at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(at) <> 27 AND at LIKE '____-__-__T__:__:__%Z';
UPDATE webhook_outbox SET next_attempt_at = substr(next_attempt_at, 1, 19) || '.' || substr(CASE WHEN substr(next_attempt_at, 20, 1) = '.' THEN substr(next_attempt_at, 21, length(next_attempt_at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(next_attempt_at) <> 27 AND next_attempt_at LIKE '____-__-__T__:__:__%Z';
UPDATE webhook_outbox SET delivered_at = substr(delivered_at, 1, 19) || '.' || substr(CASE WHEN substr(delivered_at, 20, 1) = '.' THEN substr(delivered_at, 21, length(delivered_at) - 21) ELSE '' END || '000000', 1, 6) || 'Z'
WHERE length(delivered_at) <> 27 AND delivered_at LIKE '____-__-__T__:__:__%Z';
