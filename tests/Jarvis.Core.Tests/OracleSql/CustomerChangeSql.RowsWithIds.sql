SELECT ID AS Id, CUSTOMER_ID AS CustomerId, FIELD AS Field, OLD_VALUE AS OldValue, NEW_VALUE AS NewValue,
       USERNAME AS Username, CHANGED_AT AS ChangedAt, VIA AS Via
FROM JARVIS_CUSTOMER_HISTORY
WHERE ID IN (:g0, :g1, :g2, :g3, :g4, :g5, :g6, :g7, :g8, :g9, :g10, :g11, :g12, :g13, :g14, :g15)
ORDER BY ID
