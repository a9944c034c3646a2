package uk.ac.mim;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MimApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(MimApplication.class);
        // A one-shot run is a batch job: it must not hold a port that a running service may already have.
        if (Arrays.stream(args).anyMatch(a -> a.startsWith("--mim.run-once"))) {
            app.setWebApplicationType(WebApplicationType.NONE);
        }
        app.run(args);
    }
}
