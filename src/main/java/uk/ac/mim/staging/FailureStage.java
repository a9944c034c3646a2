package uk.ac.mim.staging;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Notes the step a feed failed in, as the failure occurs (the route configurations' {@code onExceptionOccurredRef}):
 * by the time the exception's handling runs, the exchange's last step is the handler's own, and an out-of-memory
 * that a bean's invocation wrapped would be reported "while" that instead of the stage that ran out. A step of a
 * called route that named itself ({@link FeedLifecycle#STAGE}) is kept.
 */
@Component("failureStage")
public class FailureStage implements Processor {

    @Override
    public void process(Exchange ex) {
        if (ex.getProperty(FeedLifecycle.STAGE) == null) {
            ex.setProperty(FeedLifecycle.STAGE, ex.getExchangeExtension().getHistoryNodeId());
        }
    }
}
