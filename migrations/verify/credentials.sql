-- Verify wellflow:credentials on pg
select user_id, password_hash, failed_login_count, locked_until from auth.credentials where false;
select token_hash, user_id, expires_at, used_at from auth.invitation_tokens where false;
select id, secret from auth.jwt_secrets where false;
select 1 / (auth.base64url('\xfbff'::bytea) = '-_8')::integer;
select 1 / (auth.base64url_decode('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9') ->> 'alg' = 'HS256')::integer;
