package co.mesa.ticket;

import io.micronaut.core.annotation.Nullable;
import org.apache.batik.transcoder.SVGAbstractTranscoder;
import org.apache.batik.transcoder.TranscoderException;
import org.apache.batik.transcoder.TranscoderInput;
import org.apache.batik.transcoder.TranscoderOutput;
import org.apache.batik.transcoder.image.ImageTranscoder;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;

/**
 * The entity's logo as an image of the record's PDF: PNG and JPEG as they are; SVG rasterised by
 * Batik at four times the size it is drawn, with scripts and external resources refused (an uploaded
 * SVG is untrusted). A logo that cannot be drawn leaves the header with the entity's name only.
 */
final class RecordLogo {

    private static final Logger LOG = LoggerFactory.getLogger(RecordLogo.class);
    private static final float RASTER_HEIGHT = 160;

    private RecordLogo() {
    }

    @Nullable
    static PDImageXObject image(PDDocument doc, @Nullable CaseRecordPdf.Logo logo) {
        if (logo == null || logo.bytes() == null || logo.bytes().length == 0) {
            return null;
        }
        try {
            String type = logo.mediaType() == null ? "" : logo.mediaType().toLowerCase(java.util.Locale.ROOT);
            if (type.startsWith("image/svg")) {
                BufferedImage raster = rasterise(logo.bytes());
                return raster == null ? null : LosslessFactory.createFromImage(doc, raster);
            }
            if (type.equals("image/png") || type.equals("image/jpeg")) {
                return PDImageXObject.createFromByteArray(doc, logo.bytes(), "logo");
            }
            return null;
        } catch (Exception | LinkageError e) {
            LOG.warn("The entity's logo could not be drawn into a case record ({}): the header shows its name only",
                    e.toString());
            return null;
        }
    }

    @Nullable
    private static BufferedImage rasterise(byte[] svg) throws TranscoderException {
        Capture capture = new Capture();
        capture.addTranscodingHint(SVGAbstractTranscoder.KEY_HEIGHT, RASTER_HEIGHT);
        capture.addTranscodingHint(SVGAbstractTranscoder.KEY_ALLOW_EXTERNAL_RESOURCES, Boolean.FALSE);
        capture.addTranscodingHint(SVGAbstractTranscoder.KEY_EXECUTE_ONLOAD, Boolean.FALSE);
        capture.transcode(new TranscoderInput(new ByteArrayInputStream(svg)), null);
        return capture.image;
    }

    /** Keeps the rendered image instead of encoding it to a file format. */
    private static final class Capture extends ImageTranscoder {
        private BufferedImage image;

        @Override
        public BufferedImage createImage(int width, int height) {
            return new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        }

        @Override
        public void writeImage(BufferedImage img, TranscoderOutput output) {
            this.image = img;
        }
    }
}
