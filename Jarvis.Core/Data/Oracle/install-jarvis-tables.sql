-- Jarvis Portal: the tables Jarvis owns in an OCNCC SMF database (Oracle 12c or later).
-- ACS_CUSTOMER and the service-number table already exist in OCNCC; see docs/SCHEMA.md for
-- the columns Jarvis reads and writes there. Run as the schema owner; re-running fails on
-- existing objects, which is harmless. If ACS_CUSTOMER is a view in this schema, remove the
-- JARVIS_USER_CUSTOMER_FK constraint below (Oracle allows no foreign key to a view); otherwise
-- the schema needs the REFERENCES privilege on ACS_CUSTOMER. Password hashes: docs/ORACLE.md.
--
-- JARVIS_USER.CUSTOMER_ID is indexed and ON DELETE SET NULL, so that OCNCC can still delete a
-- customer that a Jarvis user names, without locking JARVIS_USER: the ACS user is left with no
-- customer and sees nothing. The same holds for JARVIS_SESSION.USER_ID (indexed), so that
-- deleting a Jarvis user does not lock the session table.

CREATE TABLE JARVIS_USER (
    ID            NUMBER(19)          PRIMARY KEY,
    USERNAME      VARCHAR2(128 CHAR)  NOT NULL UNIQUE,
    USER_TYPE     VARCHAR2(3 CHAR)    NOT NULL CHECK (USER_TYPE IN ('SMF', 'ACS')),
    CUSTOMER_ID   NUMBER(19)          NULL,
    PASSWORD_HASH VARCHAR2(200 CHAR)  NOT NULL,
    LOCKED        NUMBER(1)           DEFAULT 0 NOT NULL,
    CONSTRAINT JARVIS_USER_CUSTOMER_FK FOREIGN KEY (CUSTOMER_ID)
        REFERENCES ACS_CUSTOMER (ID) ON DELETE SET NULL
);

CREATE INDEX JARVIS_USER_CUSTOMER_IX ON JARVIS_USER (CUSTOMER_ID);

CREATE TABLE JARVIS_USER_GROUP (
    USER_ID    NUMBER(19)          NOT NULL REFERENCES JARVIS_USER (ID),
    GROUP_NAME VARCHAR2(128 CHAR)  NOT NULL,
    PRIMARY KEY (USER_ID, GROUP_NAME)
);

CREATE TABLE JARVIS_SESSION (
    ID_HASH    VARCHAR2(64 CHAR) PRIMARY KEY,
    USER_ID    NUMBER(19)        NOT NULL REFERENCES JARVIS_USER (ID),
    CREATED_AT NUMBER(19)        NOT NULL,
    EXPIRES_AT NUMBER(19)        NOT NULL
);

CREATE INDEX JARVIS_SESSION_EXPIRES_IX ON JARVIS_SESSION (EXPIRES_AT);
CREATE INDEX JARVIS_SESSION_USER_IX ON JARVIS_SESSION (USER_ID);

-- ASP.NET Core data-protection keys (antiforgery tokens, Blazor circuits), shared by every portal process.
-- A key is an XML document of about 1 KB.
CREATE TABLE JARVIS_DATA_PROTECTION_KEY (
    FRIENDLY_NAME VARCHAR2(200) PRIMARY KEY,
    KEY_XML       CLOB          NOT NULL,
    CREATED_AT    NUMBER(19)    NOT NULL
);
