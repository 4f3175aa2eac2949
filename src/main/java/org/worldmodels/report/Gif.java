// SPDX-License-Identifier: MIT
// Animated GIFs of episodes and dreams, written with the JDK's ImageIO GIF writer (looping forever).
package org.worldmodels.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.worldmodels.data.AtomicFiles;

/** Writes animated GIFs (atomically) and converts RGB byte frames to images. */
public final class Gif {
    private Gif() {}

    /** Writes {@code frames} as a looping GIF, {@code delayMs} per frame (GIF stores hundredths of a second). */
    public static void write(Path file, List<BufferedImage> frames, int delayMs) throws IOException {
        if (frames.isEmpty()) throw new IllegalArgumentException("a GIF needs at least one frame: " + file);
        AtomicFiles.write(file, out -> {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(ios);
                writer.prepareWriteSequence(null);
                for (BufferedImage frame : frames) {
                    BufferedImage indexed = frame.getType() == BufferedImage.TYPE_INT_RGB ? frame : toIntRgb(frame);
                    ImageWriteParam param = writer.getDefaultWriteParam();
                    IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(indexed), param);
                    frameMetadata(meta, delayMs);
                    writer.writeToSequence(new IIOImage(indexed, null, meta), param);
                }
                writer.endWriteSequence();
            } finally {
                writer.dispose();
            }
        });
    }

    private static void frameMetadata(IIOMetadata meta, int delayMs) throws IOException {
        String format = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", Integer.toString(Math.max(1, delayMs / 10)));
        gce.setAttribute("transparentColorIndex", "0");
        // NETSCAPE2.0 application extension: loop count 0 = forever.
        IIOMetadataNode apps = child(root, "ApplicationExtensions");
        IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
        app.setAttribute("applicationID", "NETSCAPE");
        app.setAttribute("authenticationCode", "2.0");
        app.setUserObject(new byte[] {1, 0, 0});
        apps.appendChild(app);
        meta.setFromTree(format, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) return (IIOMetadataNode) root.item(i);
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }

    private static BufferedImage toIntRgb(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(src, 0, 0, null);
        return out;
    }

    /**
     * An image of an RGB frame (height x width x 3 bytes, row-major, as the env's observations and the
     * episode files store them), each pixel drawn as a {@code scale} x {@code scale} block.
     */
    public static BufferedImage fromRgb(byte[] rgb, int offset, int width, int height, int scale) {
        BufferedImage img = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = offset + 3 * (y * width + x);
                int c = (rgb[p] & 0xff) << 16 | (rgb[p + 1] & 0xff) << 8 | (rgb[p + 2] & 0xff);
                for (int dy = 0; dy < scale; dy++) for (int dx = 0; dx < scale; dx++) img.setRGB(x * scale + dx, y * scale + dy, c);
            }
        }
        return img;
    }

    /** Images side by side (same height), separated by a {@code gap}-pixel dark strip. */
    public static BufferedImage sideBySide(int gap, BufferedImage... images) {
        int w = gap * (images.length - 1), h = 0;
        for (BufferedImage im : images) { w += im.getWidth(); h = Math.max(h, im.getHeight()); }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.setColor(new java.awt.Color(30, 30, 30));
        g.fillRect(0, 0, w, h);
        int x = 0;
        for (BufferedImage im : images) { g.drawImage(im, x, 0, null); x += im.getWidth() + gap; }
        g.dispose();
        return out;
    }
}
