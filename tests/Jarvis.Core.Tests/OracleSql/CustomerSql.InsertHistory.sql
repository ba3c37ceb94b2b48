INSERT INTO JARVIS_CUSTOMER_HISTORY (CHANGED_AT, USERNAME, CUSTOMER_ID, FIELD, OLD_VALUE, NEW_VALUE, VIA, TOKEN_NAME)
VALUES (:changed_at, :username, :id, :field, :old_value, :new_value, :via, :token_name)
