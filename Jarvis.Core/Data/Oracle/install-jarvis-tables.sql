-- Jarvis Portal: the tables Jarvis owns in an OCNCC SMF database (Oracle 12c or later).
-- ACS_CUSTOMER and the service-number table already exist in OCNCC; see docs/SCHEMA.md for
-- the columns Jarvis reads and writes there. Run as the schema owner; re-running fails on
-- existing objects, which is harmless. If ACS_CUSTOMER is a view in this schema, remove the
-- REFERENCES ACS_CUSTOMER (ID) clause below (Oracle allows no foreign key to a view); otherwise
-- the schema needs the REFERENCES privilege on ACS_CUSTOMER. Password hashes: docs/ORACLE.md.

CREATE TABLE JARVIS_USER (
    ID            NUMBER(19)     PRIMARY KEY,
    USERNAME      VARCHAR2(128)  NOT NULL UNIQUE,
    USER_TYPE     VARCHAR2(3)    NOT NULL CHECK (USER_TYPE IN ('SMF', 'ACS')),
    CUSTOMER_ID   NUMBER(19)     NULL REFERENCES ACS_CUSTOMER (ID),
    PASSWORD_HASH VARCHAR2(200)  NOT NULL,
    LOCKED        NUMBER(1)      DEFAULT 0 NOT NULL
);

CREATE TABLE JARVIS_USER_GROUP (
    USER_ID    NUMBER(19)    NOT NULL REFERENCES JARVIS_USER (ID),
    GROUP_NAME VARCHAR2(128) NOT NULL,
    PRIMARY KEY (USER_ID, GROUP_NAME)
);

CREATE TABLE JARVIS_SESSION (
    ID_HASH    VARCHAR2(64) PRIMARY KEY,
    USER_ID    NUMBER(19)   NOT NULL REFERENCES JARVIS_USER (ID),
    CREATED_AT NUMBER(19)   NOT NULL,
    EXPIRES_AT NUMBER(19)   NOT NULL
);

CREATE INDEX JARVIS_SESSION_EXPIRES_IX ON JARVIS_SESSION (EXPIRES_AT);

-- Failed logins (API.md section 6): one row per failure, purged once older than the windows plus the lock.
CREATE TABLE JARVIS_LOGIN_FAILURE (
    USERNAME       VARCHAR2(128) NOT NULL,
    CLIENT_ADDRESS VARCHAR2(64)  NOT NULL,
    FAILED_AT      NUMBER(19)    NOT NULL
);

CREATE INDEX JARVIS_LOGIN_FAILURE_ADDRESS_IX ON JARVIS_LOGIN_FAILURE (CLIENT_ADDRESS, FAILED_AT);
CREATE INDEX JARVIS_LOGIN_FAILURE_AT_IX ON JARVIS_LOGIN_FAILURE (FAILED_AT);
