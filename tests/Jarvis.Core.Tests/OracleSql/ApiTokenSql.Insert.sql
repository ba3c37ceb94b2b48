INSERT INTO JARVIS_API_TOKEN (USER_ID, NAME, TOKEN_HASH, CREATED_AT, EXPIRES_AT, READ_ONLY)
VALUES (:userId, :name, :tokenHash, :createdAt, :expiresAt, :readOnly)
