package co.mesa.console;

import co.mesa.testsupport.MesaPlatform;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Correo por revisar" speaks in words in both languages (decision 0034): every reason the intake gives and every
 * outcome the page shows has a message in the console bundle, es-CO and en, and each formats with its arguments
 * (an apostrophe would swallow them in MessageFormat).
 */
class ConsoleMailWordsTest {

    static Properties bundle(String name) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(MesaPlatform.repoRoot().resolve("themes/base/messages/" + name),
                StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    @Test
    void everyReasonAndOutcomeHasWordsInBothLanguagesThatTakeTheirArguments() throws IOException {
        List<String> outcomes = List.of("created", "comment", "dismissed", "created-auto", "comment-auto", "answer-auto",
                "ignored-auto");
        for (String file : List.of("console.properties", "console_en.properties")) {
            Properties p = bundle(file);
            for (String reason : ConsoleMailQuarantine.REASONS) {
                String pattern = p.getProperty("console.mail.reason." + reason);
                assertThat(pattern).as(file + " " + reason).isNotBlank();
                if (reason.equals("unknown-code")) {
                    assertThat(new MessageFormat(pattern, Locale.ROOT).format(new Object[] {"REIO 2026-000042"}))
                            .as(file).contains("REIO 2026-000042");
                }
            }
            for (String outcome : outcomes) {
                String pattern = p.getProperty("console.mail.outcome." + outcome);
                assertThat(pattern).as(file + " " + outcome).isNotBlank();
                String text = new MessageFormat(pattern, Locale.ROOT).format(new Object[] {"Ana", "07/12/2026 09:30",
                        "REIO 2026-000042", "spam"});
                assertThat(text).as(file + " " + outcome).doesNotContain("{");
                if (outcome.equals("dismissed")) {
                    assertThat(text).contains("Ana", "07/12/2026 09:30", "spam");
                }
            }
        }
    }
}
