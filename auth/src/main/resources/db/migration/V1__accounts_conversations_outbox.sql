-- Accounts, refresh tokens, conversations, members and the membership outbox of the auth service.

CREATE TABLE users (
    id            uuid        PRIMARY KEY,
    username      text        NOT NULL UNIQUE,
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL
);

-- One family per login; every refresh replaces the family's current token.
CREATE TABLE refresh_token_families (
    id         uuid        PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);

-- Tokens are stored only as the hex SHA-256 of their value.
CREATE TABLE refresh_tokens (
    token_hash  text        PRIMARY KEY,
    family_id   uuid        NOT NULL REFERENCES refresh_token_families (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    replaced_at timestamptz
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

CREATE TABLE conversations (
    id         uuid        PRIMARY KEY,
    kind       text        NOT NULL CHECK (kind IN ('direct', 'group')),
    title      text,
    creator_id uuid        NOT NULL REFERENCES users (id),
    -- "<smaller user id>:<larger user id>" for direct conversations: one per unordered pair.
    direct_key text        UNIQUE,
    created_at timestamptz NOT NULL,
    CHECK ((kind = 'direct') = (direct_key IS NOT NULL))
);

CREATE TABLE conversation_members (
    conversation_id uuid        NOT NULL REFERENCES conversations (id),
    user_id         uuid        NOT NULL REFERENCES users (id),
    joined_seq      bigint      GENERATED ALWAYS AS IDENTITY,
    joined_at       timestamptz NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_members_user ON conversation_members (user_id);

-- Transactional outbox: one full ConversationMembers snapshot (version = id) per membership change.
CREATE TABLE outbox (
    id              bigserial   PRIMARY KEY,
    conversation_id uuid        NOT NULL,
    payload         jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    published_at    timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

-- Wakes the relay (LISTEN parley_outbox) when outbox rows commit.
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('parley_outbox', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
