// SPDX-License-Identifier: MIT
// `worldmodels play`: drive the car yourself in a window, as the reference environment's own demo does:
// arrow keys steer, accelerate and brake; Enter starts the next track; the agent's 96x96 view beside it.
package org.worldmodels.cli;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.GraphicsEnvironment;
import java.awt.Image;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.util.concurrent.Callable;
import javax.swing.JFrame;
import javax.swing.JPanel;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import org.worldmodels.env.CarRacing;
import org.worldmodels.env.CarRacingConstants;
import org.worldmodels.env.EnvVersion;
import org.worldmodels.env.StepResult;
import org.worldmodels.env.render.HumanView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A window on one environment, stepped at 50 frames per second from the keyboard. */
@Command(name = "play", mixinStandardHelpOptions = true,
        description = {"Drive CarRacing yourself: arrow keys steer, accelerate and brake; Enter starts the next track; Esc quits.",
            "Left: the 600x400 view for people; right: the agent's 96x96 observation (scaled 2x)."})
public final class PlayCommand implements Callable<Integer> {
    @Option(names = "--env", defaultValue = "v0", paramLabel = "v0|v3", description = "Environment version. Default: ${DEFAULT-VALUE}.")
    String env;

    @Option(names = "--seed", defaultValue = "0", description = "Track seed of the first episode; Enter continues the stream. Default: ${DEFAULT-VALUE}.")
    long seed;

    /** The action the keys hold, as the reference demo sets it: steer -1/+1, gas 1, brake 0.8. */
    static final class Keys extends KeyAdapter {
        boolean left, right, up, down, restart, quit;

        @Override public void keyPressed(KeyEvent e) { set(e.getKeyCode(), true); }
        @Override public void keyReleased(KeyEvent e) { set(e.getKeyCode(), false); }

        private void set(int code, boolean on) {
            switch (code) {
                case KeyEvent.VK_LEFT -> left = on;
                case KeyEvent.VK_RIGHT -> right = on;
                case KeyEvent.VK_UP -> up = on;
                case KeyEvent.VK_DOWN -> down = on;
                case KeyEvent.VK_ENTER -> restart |= on;
                case KeyEvent.VK_ESCAPE -> quit |= on;
                default -> { }
            }
        }

        double steer() { return (left ? -1.0 : 0.0) + (right ? 1.0 : 0.0); }
        double gas() { return up ? 1.0 : 0.0; }
        double brake() { return down ? 0.8 : 0.0; }
    }

    @Override
    public Integer call() throws Exception {
        EnvVersion version = EnvVersion.parse(env);
        if (seed < 0) throw new IllegalArgumentException("--seed must be non-negative, got " + seed);
        if (GraphicsEnvironment.isHeadless()) {
            throw new IllegalStateException("play needs a display (none found: set DISPLAY, or run under Xvfb)");
        }
        CarRacing car = new CarRacing(version);
        HumanView view = new HumanView();
        BufferedImage agentView = new BufferedImage(CarRacingConstants.STATE_W, CarRacingConstants.STATE_H, BufferedImage.TYPE_INT_RGB);
        Keys keys = new Keys();
        Object done = new Object();
        car.reset(seed);
        SwingUtilities.invokeAndWait(() -> {
            JFrame frame = new JFrame();
            JPanel panel = new JPanel() {
                @Override protected void paintComponent(Graphics g) {
                    super.paintComponent(g);
                    g.drawImage(view.image(), 0, 0, null);
                    g.drawImage(agentView.getScaledInstance(192, 192, Image.SCALE_FAST), HumanView.WIDTH + 8, 0, null);
                }
            };
            panel.setBackground(Color.DARK_GRAY);
            panel.setPreferredSize(new Dimension(HumanView.WIDTH + 8 + 192, HumanView.HEIGHT));
            frame.add(panel, BorderLayout.CENTER);
            frame.addKeyListener(keys);
            frame.setDefaultCloseOperation(JFrame.DISPOSE_ON_CLOSE);
            frame.addWindowListener(new java.awt.event.WindowAdapter() {
                @Override public void windowClosed(java.awt.event.WindowEvent e) { synchronized (done) { done.notifyAll(); } }
            });
            frame.pack();
            frame.setResizable(false);
            frame.setVisible(true);
            int[] episode = {1};
            boolean[] over = {false};
            Timer timer = new Timer(1000 / CarRacingConstants.FPS, null);
            timer.addActionListener(e -> {
                if (keys.quit) { timer.stop(); frame.dispose(); return; }
                if (keys.restart) {
                    keys.restart = false;
                    car.reset();
                    episode[0]++;
                    over[0] = false;
                }
                if (!over[0]) {
                    StepResult r = car.step(keys.steer(), keys.gas(), keys.brake());
                    over[0] = r.done() || r.truncated();
                }
                view.render(car);
                copyObservation(car.observation(), agentView);
                frame.setTitle(String.format("CarRacing %s - episode %d - step %d - score %.1f%s", version.name().toLowerCase(),
                        episode[0], car.steps(), car.cumulativeReward(), over[0] ? " - over: Enter for the next track" : ""));
                panel.repaint();
            });
            timer.start();
        });
        synchronized (done) { done.wait(); }
        return 0;
    }

    /** The env's (96,96,3) RGB bytes into an image. */
    static void copyObservation(byte[] rgb, BufferedImage out) {
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                int p = 3 * (y * out.getWidth() + x);
                out.setRGB(x, y, (rgb[p] & 0xff) << 16 | (rgb[p + 1] & 0xff) << 8 | (rgb[p + 2] & 0xff));
            }
        }
    }
}
