package uk.ac.mim.ops;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

import uk.ac.mim.config.MimProperties;
import uk.ac.mim.staging.FeedRun;

/**
 * {@code --mim.run-once=<ids|all>}: run the feeds once in dependency order, print the summary, and exit 0
 * only if every one finished OK. Otherwise, with {@code mim.run-at-startup}, run the whole night once in
 * the background (the embedded default does, so a newcomer sees every output at once).
 */
@Component
public class RunOnceRunner implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RunOnceRunner.class);

    private final MimProperties props;
    private final FeedRunner runner;
    private final ConfigurableApplicationContext context;
    private final uk.ac.mim.staging.StagingSchema schema;

    public RunOnceRunner(MimProperties props, FeedRunner runner, ConfigurableApplicationContext context,
                         uk.ac.mim.staging.StagingSchema schema) {
        this.props = props;
        this.runner = runner;
        this.context = context;
        this.schema = schema;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!props.getRunOnce().isBlank()) {
            int code;
            try {
                schema.requireReady();
                List<FeedRun> runs = runner.runOnce(props.getRunOnce(), props.isDryRun() ? Boolean.TRUE : null, "run-once");
                System.out.print(Summary.table(runs));
                code = Summary.allOk(runs) ? 0 : 1;
            } catch (RuntimeException e) {
                System.err.println("run-once failed: " + e.getMessage());
                code = 2;
            }
            int exit = code;
            System.exit(SpringApplication.exit(context, () -> exit));
        } else if (props.isRunAtStartup()) {
            Thread t = new Thread(() -> {
                try {
                    for (String chain : FeedCatalog.CHAINS) {
                        runner.runChain(chain, "startup");
                    }
                } catch (RuntimeException e) {
                    LOG.error("Start-up run failed: {}", e.getMessage());
                }
            }, "mim-startup-night");
            t.setDaemon(true);
            t.start();
        }
    }
}
