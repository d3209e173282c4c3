-- Steerco on PostgreSQL: the database and its least-privilege roles.
--
-- Run as a superuser (the `postgres` OS user on Debian), once before the first
-- `steerco db upgrade` and again after every upgrade (it is idempotent):
--
--   sudo -u postgres psql -X -v ON_ERROR_STOP=1 -f deploy/postgres/roles.sql
--
-- psql variables (`-v name=value`):
--   dbname           the database (default: steerco)
--   owner_password   password of steerco_owner: owns the tables, runs `steerco db upgrade`
--   app_password     password of steerco_app: the role the app and `steerco import` use
--   reader_password  optional; password of steerco_reader (SELECT only, for BI tools).
--                    Without it a new steerco_reader is made without LOGIN (a group role
--                    to GRANT to your BI tool's own login role).
-- A role that does not exist yet and whose password is not given has it asked for. A password
-- that is not given leaves an existing role's password as it is, so a re-run after an upgrade
-- needs no password: `sudo -u postgres psql -X -v ON_ERROR_STOP=1 -f deploy/postgres/roles.sql`.
--
-- What each role may do:
--   steerco_owner   owns the database and the tables in its schema public: DDL, migrations.
--   steerco_app     CONNECT; USAGE on schema public; SELECT, INSERT, UPDATE, DELETE on the
--                   Steerco tables, except: steerco_audit SELECT, INSERT only (append-only),
--                   steerco_alembic_version SELECT only, steerco_schema SELECT, UPDATE only;
--                   USAGE, SELECT on sequences. No CREATE, no TRUNCATE, no DDL, no TEMP.
--   steerco_reader  CONNECT; USAGE on schema public; SELECT on every table.
-- Tables that later upgrades create (run by steerco_owner) get the same rights through
-- ALTER DEFAULT PRIVILEGES; re-running this file after an upgrade re-applies the narrower
-- rights above to tables an upgrade made.

\set ON_ERROR_STOP on
\set QUIET on

\if :{?dbname}
\else
  \set dbname steerco
\endif

SELECT NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'steerco_owner') AS new_owner,
       NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'steerco_app') AS new_app,
       NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'steerco_reader') AS new_reader \gset
\if :{?owner_password}
\elif :new_owner
  \prompt 'Password for steerco_owner: ' owner_password
\endif
\if :{?app_password}
\elif :new_app
  \prompt 'Password for steerco_app: ' app_password
\endif

-- Roles (cluster-wide). CREATE ROLE has no IF NOT EXISTS: \gexec runs it only when missing.
SELECT 'CREATE ROLE steerco_owner' WHERE :'new_owner'::boolean \gexec
SELECT 'CREATE ROLE steerco_app' WHERE :'new_app'::boolean \gexec
SELECT 'CREATE ROLE steerco_reader NOLOGIN' WHERE :'new_reader'::boolean \gexec

ALTER ROLE steerco_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER ROLE steerco_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER ROLE steerco_reader NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
\if :{?owner_password}
ALTER ROLE steerco_owner PASSWORD :'owner_password';
\endif
\if :{?app_password}
ALTER ROLE steerco_app PASSWORD :'app_password';
\endif
\if :{?reader_password}
ALTER ROLE steerco_reader LOGIN PASSWORD :'reader_password';
\endif

-- The database, owned by steerco_owner; nobody else may connect to it unless granted.
SELECT format('CREATE DATABASE %I OWNER steerco_owner ENCODING %L TEMPLATE template0',
              :'dbname', 'UTF8')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'dbname') \gexec
ALTER DATABASE :"dbname" OWNER TO steerco_owner;
REVOKE ALL ON DATABASE :"dbname" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"dbname" TO steerco_app, steerco_reader;

\connect :dbname

-- The schema: only the owner creates objects in it.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO steerco_owner;
GRANT USAGE ON SCHEMA public TO steerco_app, steerco_reader;

-- Tables that exist now (none before the first `steerco db upgrade`).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO steerco_app;
REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM steerco_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO steerco_app;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO steerco_reader;
-- The audit trail is append-only (its triggers refuse UPDATE and DELETE too), the schema's
-- revision is the owner's to change, and the version row is only updated (its generation).
SELECT 'REVOKE UPDATE, DELETE ON public.steerco_audit FROM steerco_app'
 WHERE to_regclass('public.steerco_audit') IS NOT NULL \gexec
SELECT 'REVOKE INSERT, UPDATE, DELETE ON public.steerco_alembic_version FROM steerco_app'
 WHERE to_regclass('public.steerco_alembic_version') IS NOT NULL \gexec
SELECT 'REVOKE INSERT, DELETE ON public.steerco_schema FROM steerco_app'
 WHERE to_regclass('public.steerco_schema') IS NOT NULL \gexec

-- Tables and sequences that steerco_owner creates later (`steerco db upgrade`).
ALTER DEFAULT PRIVILEGES FOR ROLE steerco_owner IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO steerco_app;
ALTER DEFAULT PRIVILEGES FOR ROLE steerco_owner IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO steerco_app;
ALTER DEFAULT PRIVILEGES FOR ROLE steerco_owner IN SCHEMA public
  GRANT SELECT ON TABLES TO steerco_reader;

\unset QUIET
\echo Steerco roles and grants are in place on database :dbname
