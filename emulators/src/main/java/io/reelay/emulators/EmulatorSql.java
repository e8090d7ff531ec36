package io.reelay.emulators;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plain SQL for the emulators' two stores, inside a transaction they already hold. The emulators
 * keep their own helper instead of the app's persistence layer: a test double's scratch tables
 * (its own migrations, its own history) must not tie it to how the product stores its data.
 */
public final class EmulatorSql {

  private EmulatorSql() {}

  /** Maps the current row of a result set. */
  @FunctionalInterface
  public interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  @FunctionalInterface
  private interface Execution<T> {
    T run(PreparedStatement statement) throws SQLException;
  }

  /** Runs an INSERT/UPDATE/DELETE and answers the number of rows it touched. */
  public static int update(Connection c, String sql, Object... args) throws SQLException {
    return execute(c, sql, args, PreparedStatement::executeUpdate);
  }

  /** The first row of a query (or of an UPDATE ... RETURNING), if any. */
  public static <T> Optional<T> one(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
    return all(c, sql, row, args).stream().findFirst();
  }

  /** Every row of a query. */
  public static <T> List<T> all(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
    return execute(
        c,
        sql,
        args,
        statement -> {
          List<T> rows = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              rows.add(row.map(rs));
            }
          }
          return rows;
        });
  }

  private static <T> T execute(Connection c, String sql, Object[] args, Execution<T> execution) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      return execution.run(statement);
    }
  }
}
