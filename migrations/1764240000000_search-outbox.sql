-- Up Migration
-- MeiliSearch sync for the PostgreSQL backend (packages/dal/src/search/):
--
-- * messages gets the hidden columns upstream's mongoMeili plugin adds (conversations has them
--   since its creation), so the table fits the schema with or without search configured.
-- * search_outbox: one row per Meili document (index uid, primary-key value) whose database
--   state changed since Meili last confirmed it. Triggers on messages and conversations write it
--   in the same transaction as the change (every write path: methods, store, bulk, sweeper);
--   a repeated change bumps `seq`, so the worker acknowledges only the state it sent.
-- * search_sync_state: the outbox is recorded only while a DAL with search enabled has turned
--   it on (a deployment without Meili never accumulates rows).
-- * search_reindex / search_reindex_dirty: the checkpoint of a reindex into a temporary index,
--   and the documents the live worker sent to the old index meanwhile (replayed before the swap).
ALTER TABLE messages
  ADD COLUMN _meili_index_attempted boolean,
  ADD COLUMN _meili_index_version text COLLATE "C",
  ADD COLUMN _meili_index_schema_version double precision,
  ADD COLUMN _meili_cleanup_version double precision;

CREATE TABLE search_sync_state (
  name text COLLATE "C" PRIMARY KEY,
  enabled boolean NOT NULL,
  catchup_pending boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE search_outbox (
  id bigserial PRIMARY KEY,
  index_uid text COLLATE "C" NOT NULL,
  doc_key text COLLATE "C" NOT NULL,
  seq bigint NOT NULL DEFAULT 1,
  enqueued_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error jsonb,
  parked_at timestamptz,
  CONSTRAINT search_outbox_index_uid_doc_key UNIQUE (index_uid, doc_key)
);
-- The worker's claim: ready rows, oldest first.
CREATE INDEX search_outbox_ready ON search_outbox (next_attempt_at, id) WHERE parked_at IS NULL;
CREATE INDEX search_outbox_parked ON search_outbox (index_uid, parked_at) WHERE parked_at IS NOT NULL;

CREATE TABLE search_reindex (
  index_uid text COLLATE "C" PRIMARY KEY,
  temp_uid text COLLATE "C" NOT NULL,
  phase text COLLATE "C" NOT NULL DEFAULT 'copy',
  cursor text COLLATE "C",
  done bigint NOT NULL DEFAULT 0,
  total bigint NOT NULL DEFAULT 0,
  swap_task_uid bigint,
  started_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE search_reindex_dirty (
  index_uid text COLLATE "C" NOT NULL,
  doc_key text COLLATE "C" NOT NULL,
  PRIMARY KEY (index_uid, doc_key)
);

CREATE FUNCTION search_outbox_enabled() RETURNS boolean
  LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM search_sync_state WHERE name = 'outbox' AND enabled)
  $$;

-- Records changed keys; a key already waiting is bumped (and un-parked: new content deserves a
-- new attempt). Keys are inserted in order so concurrent statements lock outbox rows alike.
CREATE FUNCTION search_outbox_record(p_index text, p_keys text[]) RETURNS void
  LANGUAGE sql AS $$
    INSERT INTO search_outbox AS o (index_uid, doc_key)
    SELECT DISTINCT p_index, k FROM unnest(p_keys) AS k WHERE k IS NOT NULL ORDER BY 2
    ON CONFLICT (index_uid, doc_key) DO UPDATE
      SET seq = o.seq + 1, enqueued_at = now(), attempts = 0, next_attempt_at = now(),
          parked_at = NULL, last_error = NULL;
    SELECT pg_notify('search_outbox', p_index) WHERE cardinality(p_keys) > 0;
  $$;

-- messages: the Meili document is messageId, conversationId, user, sender, text, content; its
-- indexability is isTemporary, expiredAt, subagentTask and unfinished (search/documents.ts).
CREATE FUNCTION search_outbox_messages_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT search_outbox_enabled() THEN RETURN NULL; END IF;
    IF TG_OP = 'INSERT' THEN
      PERFORM search_outbox_record('messages', ARRAY(SELECT message_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
      PERFORM search_outbox_record('messages', ARRAY(SELECT message_id FROM old_rows));
    ELSE
      PERFORM search_outbox_record('messages', ARRAY(
        SELECT k FROM new_rows n JOIN old_rows o ON o._id = n._id,
          LATERAL (VALUES (n.message_id), (o.message_id)) AS keys(k)
        WHERE (n.message_id, n.conversation_id, n."user", n.sender, n.text, n.content, n.is_temporary,
               n.expired_at, n.unfinished, n.subagent_task IS NULL, n._nulls)
          IS DISTINCT FROM
              (o.message_id, o.conversation_id, o."user", o.sender, o.text, o.content, o.is_temporary,
               o.expired_at, o.unfinished, o.subagent_task IS NULL, o._nulls)));
    END IF;
    RETURN NULL;
  END $$;

CREATE FUNCTION search_outbox_conversations_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT search_outbox_enabled() THEN RETURN NULL; END IF;
    IF TG_OP = 'INSERT' THEN
      PERFORM search_outbox_record('convos', ARRAY(SELECT conversation_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
      PERFORM search_outbox_record('convos', ARRAY(SELECT conversation_id FROM old_rows));
    ELSE
      PERFORM search_outbox_record('convos', ARRAY(
        SELECT k FROM new_rows n JOIN old_rows o ON o._id = n._id,
          LATERAL (VALUES (n.conversation_id), (o.conversation_id)) AS keys(k)
        WHERE (n.conversation_id, n.title, n."user", n.tags, n.is_temporary, n.expired_at,
               n.subagent_thread IS NULL, n._nulls)
          IS DISTINCT FROM
              (o.conversation_id, o.title, o."user", o.tags, o.is_temporary, o.expired_at,
               o.subagent_thread IS NULL, o._nulls)));
    END IF;
    RETURN NULL;
  END $$;

-- `_meiliIndex` true means "Meili holds this state": a change of the indexed content clears it
-- (the worker sets it again once Meili confirms), as upstream's hooks do. An update that sets the
-- flag itself, or a row never flagged, is left alone.
CREATE FUNCTION search_flag_messages_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
  BEGIN
    IF (NEW.message_id, NEW.conversation_id, NEW."user", NEW.sender, NEW.text, NEW.content, NEW.is_temporary,
        NEW.expired_at, NEW.unfinished, NEW.subagent_task IS NULL, NEW._nulls)
       IS DISTINCT FROM
       (OLD.message_id, OLD.conversation_id, OLD."user", OLD.sender, OLD.text, OLD.content, OLD.is_temporary,
        OLD.expired_at, OLD.unfinished, OLD.subagent_task IS NULL, OLD._nulls)
       AND OLD._meili_index IS TRUE AND NEW._meili_index IS TRUE THEN
      NEW._meili_index := false;
    END IF;
    RETURN NEW;
  END $$;

CREATE FUNCTION search_flag_conversations_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
  BEGIN
    IF (NEW.conversation_id, NEW.title, NEW."user", NEW.tags, NEW.is_temporary, NEW.expired_at,
        NEW.subagent_thread IS NULL, NEW._nulls)
       IS DISTINCT FROM
       (OLD.conversation_id, OLD.title, OLD."user", OLD.tags, OLD.is_temporary, OLD.expired_at,
        OLD.subagent_thread IS NULL, OLD._nulls)
       AND OLD._meili_index IS TRUE AND NEW._meili_index IS TRUE THEN
      NEW._meili_index := false;
    END IF;
    RETURN NEW;
  END $$;

CREATE TRIGGER search_outbox_insert AFTER INSERT ON messages
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_messages_changed();
CREATE TRIGGER search_outbox_update AFTER UPDATE ON messages
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_messages_changed();
CREATE TRIGGER search_outbox_delete AFTER DELETE ON messages
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_messages_changed();
CREATE TRIGGER search_flag_update BEFORE UPDATE ON messages
  FOR EACH ROW EXECUTE FUNCTION search_flag_messages_changed();

CREATE TRIGGER search_outbox_insert AFTER INSERT ON conversations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_conversations_changed();
CREATE TRIGGER search_outbox_update AFTER UPDATE ON conversations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_conversations_changed();
CREATE TRIGGER search_outbox_delete AFTER DELETE ON conversations
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_conversations_changed();
CREATE TRIGGER search_flag_update BEFORE UPDATE ON conversations
  FOR EACH ROW EXECUTE FUNCTION search_flag_conversations_changed();

-- Database fallback search (SEARCH off or Meili not configured): the text a message is searched
-- by, as search/documents.ts builds it (content parts flattened when content is an array), and
-- 'simple' full-text indexes over it and over conversation titles. Only the first 100,000
-- characters are indexed (a tsvector is limited to 1 MB; a long message must never fail its write
-- because of this index). Index expressions run with search_path = pg_catalog (PostgreSQL 17), so
-- these functions call nothing outside it.
CREATE FUNCTION search_message_tsv(p_text text, p_content jsonb) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT pg_catalog.to_tsvector('simple'::pg_catalog.regconfig, pg_catalog.left(
      CASE WHEN pg_catalog.jsonb_typeof(p_content) = 'array' THEN
        coalesce((SELECT pg_catalog.string_agg(t, ' ' ORDER BY ord) FROM (
          SELECT ord, CASE
            WHEN part ->> 'type' = 'text' THEN
              CASE WHEN pg_catalog.jsonb_typeof(part -> 'text') = 'string' THEN part ->> 'text' ELSE part -> 'text' ->> 'value' END
            WHEN part ->> 'type' = 'steer' AND pg_catalog.jsonb_typeof(part -> 'steer') = 'string' THEN part ->> 'steer'
            WHEN part ->> 'type' = 'think' AND pg_catalog.jsonb_typeof(part -> 'think') = 'string' THEN part ->> 'think'
          END AS t
          FROM pg_catalog.jsonb_array_elements(p_content) WITH ORDINALITY AS e(part, ord)
          WHERE pg_catalog.jsonb_typeof(part) = 'object') parts WHERE t IS NOT NULL AND t <> ''), '')
      ELSE coalesce(p_text, '') END, 100000))
  $$;
CREATE FUNCTION search_title_tsv(p_title text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT pg_catalog.to_tsvector('simple'::pg_catalog.regconfig, pg_catalog.left(coalesce(p_title, ''), 100000))
  $$;

CREATE INDEX messages_search_fts ON messages USING gin (search_message_tsv(text, content));
CREATE INDEX conversations_search_fts ON conversations USING gin (search_title_tsv(title));

-- Down Migration
DROP INDEX conversations_search_fts;
DROP INDEX messages_search_fts;
DROP FUNCTION search_title_tsv(text);
DROP FUNCTION search_message_tsv(text, jsonb);
DROP TRIGGER search_flag_update ON conversations;
DROP TRIGGER search_outbox_delete ON conversations;
DROP TRIGGER search_outbox_update ON conversations;
DROP TRIGGER search_outbox_insert ON conversations;
DROP TRIGGER search_flag_update ON messages;
DROP TRIGGER search_outbox_delete ON messages;
DROP TRIGGER search_outbox_update ON messages;
DROP TRIGGER search_outbox_insert ON messages;
DROP FUNCTION search_flag_conversations_changed();
DROP FUNCTION search_flag_messages_changed();
DROP FUNCTION search_outbox_conversations_changed();
DROP FUNCTION search_outbox_messages_changed();
DROP FUNCTION search_outbox_record(text, text[]);
DROP FUNCTION search_outbox_enabled();
DROP TABLE search_reindex_dirty;
DROP TABLE search_reindex;
DROP TABLE search_outbox;
DROP TABLE search_sync_state;
ALTER TABLE messages
  DROP COLUMN _meili_cleanup_version,
  DROP COLUMN _meili_index_schema_version,
  DROP COLUMN _meili_index_version,
  DROP COLUMN _meili_index_attempted;
