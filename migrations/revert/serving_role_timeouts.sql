-- Revert wellflow:serving_role_timeouts from pg
-- The serving roles go back to the server's defaults (no time limits of their own).
begin;
alter role wellflow_user reset statement_timeout;
alter role wellflow_user reset lock_timeout;
alter role wellflow_anon reset statement_timeout;
alter role wellflow_anon reset lock_timeout;
alter role wellflow_analyst reset statement_timeout;
alter role wellflow_analyst reset lock_timeout;
alter role wellflow_authenticator reset statement_timeout;
alter role wellflow_authenticator reset lock_timeout;
alter role wellflow_authenticator reset idle_in_transaction_session_timeout;
commit;
