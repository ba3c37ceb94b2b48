SELECT t.ID AS Id, t.NAME AS Name, t.TOKEN_HASH AS TokenHash, t.EXPIRES_AT AS ExpiresAt,
       t.LAST_USED_AT AS LastUsedAt, t.READ_ONLY AS ReadOnly, t.REVOKED_AT AS RevokedAt,
       u.ID AS UserId, u.USERNAME AS Username, u.USER_TYPE AS UserType, u.CUSTOMER_ID AS CustomerId, u.LOCKED AS Locked
FROM JARVIS_API_TOKEN t
JOIN JARVIS_USER u ON u.ID = t.USER_ID
WHERE t.TOKEN_HASH = :tokenHash
