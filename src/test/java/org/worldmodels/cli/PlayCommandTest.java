// SPDX-License-Identifier: MIT
package org.worldmodels.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.event.KeyEvent;
import org.junit.jupiter.api.Test;

class PlayCommandTest {
    @Test
    void keysMapToTheReferenceDemosActions() {
        PlayCommand.Keys k = new PlayCommand.Keys();
        java.awt.Component src = new java.awt.Canvas();
        k.keyPressed(new KeyEvent(src, KeyEvent.KEY_PRESSED, 0, 0, KeyEvent.VK_LEFT, KeyEvent.CHAR_UNDEFINED));
        k.keyPressed(new KeyEvent(src, KeyEvent.KEY_PRESSED, 0, 0, KeyEvent.VK_UP, KeyEvent.CHAR_UNDEFINED));
        assertEquals(-1.0, k.steer());
        assertEquals(1.0, k.gas());
        assertEquals(0.0, k.brake());
        k.keyPressed(new KeyEvent(src, KeyEvent.KEY_PRESSED, 0, 0, KeyEvent.VK_RIGHT, KeyEvent.CHAR_UNDEFINED));
        assertEquals(0.0, k.steer(), "both arrows cancel");
        k.keyReleased(new KeyEvent(src, KeyEvent.KEY_RELEASED, 0, 0, KeyEvent.VK_LEFT, KeyEvent.CHAR_UNDEFINED));
        k.keyPressed(new KeyEvent(src, KeyEvent.KEY_PRESSED, 0, 0, KeyEvent.VK_DOWN, KeyEvent.CHAR_UNDEFINED));
        assertEquals(1.0, k.steer());
        assertEquals(0.8, k.brake());
    }

    @Test
    void badInputIsOneClearLine() {
        assertNotEquals(0, Main.run("play", "--env", "v2"));
        assertNotEquals(0, Main.run("play", "--seed", "-3"));
    }
}
