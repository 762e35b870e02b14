package org.hearth.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.graphdb.Transaction;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community embedded with Bolt on 127.0.0.1 and auth on, until stopped.
 *
 * Configuration comes from the environment so that the password never appears on a command line:
 * HEARTH_NEO4J_HOME (data and logs), HEARTH_NEO4J_PORT, HEARTH_NEO4J_PASSWORD, HEARTH_NEO4J_PAGECACHE, and
 * HEARTH_NEO4J_TX_MEMORY (the memory all transactions together may use, e.g. "10g"; "0" for no cap; unset: Neo4j's
 * default, 70% of the heap). One `hearth load` is one transaction, so a very large document needs this raised.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        Path home = Path.of(require(env, "HEARTH_NEO4J_HOME")).toAbsolutePath();
        int port = Integer.parseInt(env.getOrDefault("HEARTH_NEO4J_PORT", "7687"));
        String password = require(env, "HEARTH_NEO4J_PASSWORD");
        String pageCache = env.getOrDefault("HEARTH_NEO4J_PAGECACHE", "4g");
        String txMemory = env.get("HEARTH_NEO4J_TX_MEMORY");
        Files.createDirectories(home);

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
        if (txMemory != null && !txMemory.isBlank()) {
            builder.setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, ByteUnit.parse(txMemory.trim()));
        }
        DatabaseManagementService dbms = builder
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(pageCache))
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(10))
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // A clean shutdown flushes the page cache so the next start needs no recovery.
            dbms.shutdown();
            stopped.countDown();
        }, "hearth-neo4j-shutdown"));

        try {
            setPassword(dbms, password);
        } catch (RuntimeException e) {
            // Without this the DBMS's own threads keep the JVM alive and the caller waits in vain.
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println("HEARTH_NEO4J_READY bolt://127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }

    private static void setPassword(DatabaseManagementService dbms, String password) {
        // Idempotent: the password from configuration always wins, so rotating it is a restart.
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try (Transaction tx = system.beginTx()) {
            tx.execute("ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            tx.commit();
        } catch (QueryExecutionException e) {
            // A restart with the same password: nothing to change.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    private static String require(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isEmpty()) {
            System.err.println("hearth-neo4j: " + name + " must be set");
            System.exit(2);
        }
        return value;
    }
}
